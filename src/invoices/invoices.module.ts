import { Module } from '@nestjs/common';
import { InvoicesController } from './invoices.controller.js';

@Module({ controllers: [InvoicesController] })
export class InvoicesModule {}
