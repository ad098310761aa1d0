import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module.js';
import { DashboardController } from './dashboard.controller.js';

@Module({ imports: [TokensModule], controllers: [DashboardController] })
export class DashboardModule {}
