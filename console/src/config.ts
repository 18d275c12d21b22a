/** What the deployment says (config.json next to index.html): where the API is and how people sign in. */
export interface ConsoleConfig {
  /** Prefix of every API path: "" when the API shares the console's origin as is, "/api" behind CloudFront. */
  apiUrl: string;
  /** "local": the local server's sign-in form (POST /local/token); "oidc": the identity provider. */
  signIn: 'local' | 'oidc';
  oidc?: {
    issuer: string;
    clientId: string;
    scope?: string;
    /** Which of the provider's tokens the API accepts (its audience): "access_token" or "id_token". */
    apiToken?: 'access_token' | 'id_token';
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  // index.html preloads it (same request: same-origin credentials), so it arrives with the scripts
  const response = await fetch('/config.json');
  if (!response.ok) {
    throw new Error(`config.json answered ${response.status}`);
  }
  const config = (await response.json()) as ConsoleConfig;
  if (config.signIn === 'oidc' && (!config.oidc?.issuer || !config.oidc.clientId)) {
    throw new Error('config.json names no OpenID Connect issuer and client id');
  }
  return { ...config, apiUrl: (config.apiUrl ?? '').replace(/\/$/, '') };
}
