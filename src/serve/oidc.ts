/** Sign-in with an OpenID Connect provider (Microsoft Entra ID, or any issuer): the settings `serve` is given. */
export interface OidcSettings {
  /** The issuer URL; its /.well-known/openid-configuration names the endpoints. */
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE alone). */
  readonly clientSecret?: string;
  /** Where the provider sends the browser back: this server's /auth/oidc/callback as the user reaches it. */
  readonly redirectUri: string;
}
