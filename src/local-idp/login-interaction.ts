import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Interaction, type Provider } from 'oidc-provider';
import type { AccountStore } from './accounts.js';
import { renderErrorPage } from './error-page.js';
import { readForm, sendHtml } from './http-io.js';
import { renderLoginPage } from './login-page.js';
import type { InteractionAction } from './routes.js';

/**
 * The sign-in page oidc-provider sends people to (its `interactions.url`): shows the
 * form, checks the credentials, or reports a cancel to the application as access_denied.
 */
export class LoginInteraction {
  constructor(
    private readonly provider: Provider,
    private readonly accounts: AccountStore,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, uid: string, action: InteractionAction): Promise<void> {
    const interaction = await this.findInteraction(req, res, uid);
    if (!interaction) {
      sendHtml(res, 400, renderErrorPage('Sign-in expired', 'this sign-in attempt has expired or is already finished'));
      return;
    }
    switch (action) {
      case 'show':
        return this.show(req, res, interaction);
      case 'login':
        return this.login(req, res, interaction);
      case 'abort':
        return this.provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
          { mergeWithLastSubmission: false },
        );
    }
  }

  private async findInteraction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<Interaction | undefined> {
    try {
      const interaction = await this.provider.interactionDetails(req, res);
      return interaction.uid === uid ? interaction : undefined;
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return undefined;
      throw error;
    }
  }

  private async show(req: IncomingMessage, res: ServerResponse, interaction: Interaction): Promise<void> {
    if (interaction.prompt.name === 'consent' && interaction.session) {
      // Only reached when the app sends prompt=consent: first-party, so consent is implied.
      // The grant's scopes are filled in by loadExistingGrant (provider-config.ts).
      const grant = new this.provider.Grant({
        accountId: interaction.session.accountId,
        clientId: String(interaction.params.client_id),
      });
      const grantId = await grant.save();
      return this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    if (interaction.prompt.name !== 'login') {
      sendHtml(res, 400, renderErrorPage('Unexpected sign-in step', 'go back to the application and sign in again'));
      return;
    }
    const loginHint = interaction.params.login_hint;
    this.renderLogin(res, 200, interaction, typeof loginHint === 'string' ? loginHint : '', false);
  }

  private async login(req: IncomingMessage, res: ServerResponse, interaction: Interaction): Promise<void> {
    if (interaction.prompt.name !== 'login') {
      sendHtml(res, 400, renderErrorPage('Unexpected sign-in step', 'go back to the application and sign in again'));
      return;
    }
    const form = await readForm(req);
    const email = form.get('email') ?? '';
    const account = this.accounts.verifyCredentials(email, form.get('password') ?? '');
    if (!account) {
      this.renderLogin(res, 401, interaction, email, true);
      return;
    }
    await this.provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
  }

  private renderLogin(res: ServerResponse, status: number, interaction: Interaction, email: string, failed: boolean): void {
    const html = renderLoginPage({
      interactionUid: interaction.uid,
      clientId: String(interaction.params.client_id),
      email,
      failed,
      testAccounts: this.accounts.all,
    });
    sendHtml(res, status, html);
  }
}
