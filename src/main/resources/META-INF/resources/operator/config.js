// Where the operator page finds the API and how it signs in. Local mode serves this file as it is. A static site on
// AWS serves its own copy (README, "Admin page"):
//   export default { apiBase: 'https://<api id>.execute-api.<region>.amazonaws.com', signIn: 'token' };
// apiBase: the HTTP API's URL without a trailing slash; empty: the page's own origin (local mode).
// signIn: 'dev' asks local mode for a dev token with the admin group; 'token' takes a JWT from your identity provider.
export default { apiBase: '', signIn: 'dev' };
