import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';
import { Permissions } from '../tokens/permissions.decorator.js';

interface Invoice {
  number: string;
  customer: string;
  amount: string;
}

interface InvoicesLocals extends PageLocals {
  invoices: Invoice[];
}

// Sample data: a real feature would fetch it from the API with the user's access token (docs/calling-apis.md).
const SAMPLE_INVOICES: Invoice[] = [
  { number: 'INV-1001', customer: 'Acme Corp', amount: '€1,200.00' },
  { number: 'INV-1002', customer: 'Globex', amount: '€860.50' },
];

/** The example of an API permission: the access token for AUTH0_AUDIENCE must grant read:invoices (Auth0 RBAC). */
@Controller('invoices')
export class InvoicesController {
  @Get()
  @Render('invoices')
  @Permissions('read:invoices')
  list(@CurrentUser() user: SessionUser): InvoicesLocals {
    return { ...pageLocals('Invoices', user), invoices: SAMPLE_INVOICES };
  }
}
