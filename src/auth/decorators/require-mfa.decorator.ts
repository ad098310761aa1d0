import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { MULTI_FACTOR_KEY, StepUpGuard } from '../step-up.guard.js';

/**
 * Only a login that used multi-factor authentication (the ID token's `amr` names `mfa`) opens the
 * route: otherwise the user logs in again asking for it (`acr_values`), a browser coming back here.
 */
export const RequireMfa = () => applyDecorators(SetMetadata(MULTI_FACTOR_KEY, true), UseGuards(StepUpGuard));
