// A module as a team would add one: forms and JSON routes that change something, to test what the
// app-wide guards do for routes that are not the app's own (the J1 cases, in-process and in Chromium).
import { Controller, Delete, Get, Header, Injectable, Module, Patch, Post, Put } from '@nestjs/common';
import { Public } from '../../src/auth/decorators/public.decorator.js';
import { AllowCrossOrigin } from '../../src/security/allow-cross-origin.decorator.js';

/** Counts the requests each route's handler really ran for: a refused request leaves it unchanged. */
@Injectable()
export class FormSubmissions {
  private readonly counts = new Map<string, number>();

  record(route: string): { saved: string } {
    this.counts.set(route, this.count(route) + 1);
    return { saved: route };
  }

  count(route: string): number {
    return this.counts.get(route) ?? 0;
  }
}

/** The page with the same-origin form that posts to POST /forms. */
export const FORM_PAGE =
  '<!doctype html><title>Report</title><form method="post" action="/forms"><input name="title" value="x"><button>Save</button></form>';

@Controller('forms')
export class FormsController {
  constructor(private readonly submissions: FormSubmissions) {}

  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return FORM_PAGE;
  }

  @Post()
  @Public()
  create() {
    return this.submissions.record('POST /forms');
  }

  @Put()
  @Public()
  replace() {
    return this.submissions.record('PUT /forms');
  }

  @Patch()
  @Public()
  update() {
    return this.submissions.record('PATCH /forms');
  }

  @Delete()
  @Public()
  remove() {
    return this.submissions.record('DELETE /forms');
  }

  /** For logged-in users only, as most of a team's routes are. */
  @Post('guarded')
  createAsUser() {
    return this.submissions.record('POST /forms/guarded');
  }

  /** Opened on purpose: a partner's server posts here with a credential of its own. */
  @Post('webhook')
  @Public()
  @AllowCrossOrigin()
  webhook() {
    return this.submissions.record('POST /forms/webhook');
  }
}

@Module({ controllers: [FormsController], providers: [FormSubmissions] })
export class FormsModule {}
