import type { Server } from 'node:http';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken, AccessTokenPipe } from '../../../src/tokens/access-token.decorator.js';
import { TokenService } from '../../../src/tokens/token.service.js';

@Controller('probe')
class ProbeController {
  @Get()
  answer(@AccessToken() accessToken: string): { received: string } {
    return { received: accessToken };
  }
}

describe('@AccessToken()', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const tokens: Pick<TokenService, 'getAccessToken'> = { getAccessToken: () => Promise.resolve('the-access-token') };
    const module = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [AccessTokenPipe, { provide: TokenService, useValue: tokens }],
    }).compile();
    app = module.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  it('hands the handler the token TokenService resolved (awaited, through dependency injection)', async () => {
    const answer = await request(app.getHttpServer() as Server).get('/probe');
    expect(answer.body).toEqual({ received: 'the-access-token' });
  });
});
