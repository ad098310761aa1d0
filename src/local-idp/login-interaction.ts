import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Interaction, type Provider } from 'oidc-provider';
import type { AccountStore, LocalAccount, LocalOrganization } from './accounts.js';
import { renderErrorPage } from './error-page.js';
import { readForm, sendHtml } from './http-io.js';
import { renderLoginPage, type SignInContext } from './login-page.js';
import { asksMultiFactor } from './login-policy.js';
import { renderOneTimeCodePage } from './one-time-code-page.js';
import { OneTimeCodes } from './one-time-codes.js';
import type { OrganizationDirectory } from './organizations.js';
import type { InteractionAction } from './routes.js';
import { renderSignupPage } from './signup-page.js';

/** What the app's authorization request asked of this sign-in, beyond a login. */
interface SignInRequest {
  context: SignInContext;
  organization?: LocalOrganization;
  invited: boolean;
  multiFactor: boolean;
}

const WRONG_CREDENTIALS = 'Wrong email or password. Check the test accounts below.';

/**
 * The sign-in pages oidc-provider sends people to (its `interactions.url`), as Auth0's Universal
 * Login would show them: the login form, or the sign-up form for `screen_hint=signup`; membership
 * of the `organization` asked for (an `invitation` admits); a one-time code when the app asked for
 * multi-factor (`acr_values`), after which the login's `amr` names `mfa`. A cancel goes back to the
 * application as access_denied.
 */
export class LoginInteraction {
  private readonly codes = new OneTimeCodes();

  constructor(
    private readonly provider: Provider,
    private readonly accounts: AccountStore,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, uid: string, action: InteractionAction, screen: string | null): Promise<void> {
    const interaction = await this.findInteraction(req, res, uid);
    if (!interaction) {
      sendHtml(res, 400, renderErrorPage('Sign-in expired', 'this sign-in attempt has expired or is already finished'));
      return;
    }
    if (action === 'abort') {
      this.codes.forget(uid);
      return this.provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
    }
    if (action === 'show' && interaction.prompt.name === 'consent' && interaction.session) return this.consent(req, res, interaction);
    if (interaction.prompt.name !== 'login') {
      sendHtml(res, 400, renderErrorPage('Unexpected sign-in step', 'go back to the application and sign in again'));
      return;
    }
    const request = this.signInRequest(interaction);
    if (request === undefined) {
      sendHtml(
        res,
        400,
        renderErrorPage('Unknown organization', 'the application asked to sign in to an organization this server does not know'),
      );
      return;
    }
    switch (action) {
      case 'show':
        return this.show(res, interaction, request, screen);
      case 'login':
        return this.login(req, res, interaction, request);
      case 'signup':
        return this.signup(req, res, interaction, request);
      case 'mfa':
        return this.verifyCode(req, res, interaction, request);
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

  /** Only reached when the app sends prompt=consent: first-party, so consent is implied (loadExistingGrant fills in the scopes). */
  private async consent(req: IncomingMessage, res: ServerResponse, interaction: Interaction): Promise<void> {
    const grant = new this.provider.Grant({ accountId: interaction.session?.accountId, clientId: String(interaction.params.client_id) });
    const grantId = await grant.save();
    return this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** Undefined when the app names an organization nobody here belongs to. */
  private signInRequest(interaction: Interaction): SignInRequest | undefined {
    const { organization: asked, invitation, acr_values: acrValues, client_id: clientId } = interaction.params;
    const organization = typeof asked === 'string' ? this.organizations.find(asked) : undefined;
    if (asked !== undefined && organization === undefined) return undefined;
    const invited = organization !== undefined && typeof invitation === 'string';
    return {
      context: { interactionUid: interaction.uid, clientId: String(clientId), organization: organization?.name, invited },
      organization,
      invited,
      multiFactor: asksMultiFactor(acrValues),
    };
  }

  private show(res: ServerResponse, interaction: Interaction, request: SignInRequest, screen: string | null): void {
    const code = this.codes.codeFor(interaction.uid);
    if (code !== undefined) {
      sendHtml(res, 200, renderOneTimeCodePage({ ...request.context, code }));
      return;
    }
    const signup = screen === 'signup' || (screen !== 'login' && interaction.params.screen_hint === 'signup');
    if (signup) {
      sendHtml(res, 200, renderSignupPage({ ...request.context, name: '', email: '' }));
      return;
    }
    const loginHint = interaction.params.login_hint;
    this.renderLogin(res, 200, request, typeof loginHint === 'string' ? loginHint : '');
  }

  private async login(req: IncomingMessage, res: ServerResponse, interaction: Interaction, request: SignInRequest): Promise<void> {
    const form = await readForm(req);
    const email = form.get('email') ?? '';
    const account = this.accounts.verifyCredentials(email, form.get('password') ?? '');
    if (!account) {
      this.renderLogin(res, 401, request, email, WRONG_CREDENTIALS);
      return;
    }
    const refusal = this.admit(account, request);
    if (refusal !== undefined) {
      this.renderLogin(res, 403, request, email, refusal);
      return;
    }
    return this.firstStepPassed(req, res, interaction, request, account);
  }

  private async signup(req: IncomingMessage, res: ServerResponse, interaction: Interaction, request: SignInRequest): Promise<void> {
    const form = await readForm(req);
    const [name, email] = [form.get('name') ?? '', form.get('email') ?? ''];
    const refused = (error: string): void => sendHtml(res, 400, renderSignupPage({ ...request.context, name, email, error }));
    const registered = this.accounts.register({ name, email, password: form.get('password') ?? '' });
    if ('problem' in registered) return refused(registered.problem);
    const refusal = this.admit(registered, request);
    if (refusal !== undefined) return refused(refusal);
    return this.firstStepPassed(req, res, interaction, request, registered);
  }

  /** A login to an organization needs a member; an invitation makes the account one. Returns why not, if not. */
  private admit(account: LocalAccount, request: SignInRequest): string | undefined {
    const { organization } = request;
    if (organization === undefined || this.organizations.isMember(account.id, organization)) return undefined;
    if (request.invited) {
      this.organizations.acceptInvitation(account.id, organization);
      return undefined;
    }
    return `${account.email} is not a member of ${organization.name}. Sign in with an account of that organization.`;
  }

  /** The password (or sign-up) step passed: done, or on to the one-time code when the app asked for multi-factor. */
  private async firstStepPassed(
    req: IncomingMessage,
    res: ServerResponse,
    interaction: Interaction,
    request: SignInRequest,
    account: LocalAccount,
  ): Promise<void> {
    if (request.multiFactor) {
      const code = this.codes.start(interaction.uid, account.id);
      sendHtml(res, 200, renderOneTimeCodePage({ ...request.context, code }));
      return;
    }
    await this.provider.interactionFinished(req, res, { login: { accountId: account.id, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  }

  private async verifyCode(req: IncomingMessage, res: ServerResponse, interaction: Interaction, request: SignInRequest): Promise<void> {
    const form = await readForm(req);
    const checked = this.codes.check(interaction.uid, form.get('code') ?? '');
    if (checked.passed) {
      const login = { accountId: checked.accountId, amr: ['pwd', 'mfa'] };
      await this.provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
      return;
    }
    if (checked.exhausted) {
      sendHtml(res, 400, renderErrorPage('Too many wrong codes', 'go back to the application and sign in again'));
      return;
    }
    const code = this.codes.codeFor(interaction.uid) ?? '';
    sendHtml(res, 401, renderOneTimeCodePage({ ...request.context, code, error: 'That code is not the one shown. Try again.' }));
  }

  private renderLogin(res: ServerResponse, status: number, request: SignInRequest, email: string, error?: string): void {
    sendHtml(res, status, renderLoginPage({ ...request.context, email, error, testAccounts: this.accounts.all }));
  }
}
