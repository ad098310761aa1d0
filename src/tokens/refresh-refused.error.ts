/** The IdP will not renew this session's tokens (invalid_grant), or the session ended meanwhile: the user must log in again. */
export class RefreshRefusedError extends Error {
  constructor(readonly reason: 'refresh-refused' | 'session-gone') {
    super(reason === 'refresh-refused' ? 'the token endpoint refused the refresh token' : 'the session ended during the refresh');
    this.name = 'RefreshRefusedError';
  }
}
