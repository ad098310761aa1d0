import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module.js';
import { InvoicesController } from './invoices.controller.js';

@Module({ imports: [TokensModule], controllers: [InvoicesController] })
export class InvoicesModule {}
