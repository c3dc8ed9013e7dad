// Asks GitHub what access a login has to the repository:
// GET {GITHUB_API_URL}/repos/{owner}/{repo}/collaborators/{username}/permission
// (https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user).
// Its `permission` is the base role (admin, write, read, none; maintain reads as write, triage as
// read); a login that is not a collaborator gets 404. The token needs only metadata: read.
import type { PermissionAnswer } from './authorisation.ts';
import { githubGet, type GitHubOptions } from './github.ts';

export async function collaboratorPermission(
  options: GitHubOptions,
  repository: string,
  login: string,
): Promise<PermissionAnswer> {
  if (!options.token) return { error: 'the "github_token" input is empty' };
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    return { error: 'GITHUB_REPOSITORY does not name a repository (owner/name)' };
  const answer = await githubGet(
    options,
    `/repos/${repository}/collaborators/${encodeURIComponent(login)}/permission`,
  );
  if (!answer.ok) return answer.status === 404 ? { notCollaborator: true } : { error: answer.why };
  const { permission, role_name: role } = answer.body as { permission?: unknown; role_name?: unknown };
  if (typeof permission !== 'string') return { error: 'GitHub answered without a permission' };
  return typeof role === 'string' ? { permission, role } : { permission };
}
