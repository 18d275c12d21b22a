import { navigate } from '../router';
import { useSubmit } from '../ui/hooks';
import { ErrorNote } from '../ui/parts';
import { leaveOrganisation } from './me';
import { useOrg } from './org-context';

/** Any member may leave (no permission needed); the last owner is refused (409), and says so. */
export function LeaveOrganisation() {
  const org = useOrg();
  const leave = useSubmit(async () => {
    await leaveOrganisation(org.orgId);
    navigate('/');
  });
  return (
    <div class="leave">
      <h3>Leave organisation</h3>
      <p class="hint">You lose every role you hold in {org.org.name}. To come back, someone must invite you again.</p>
      <ErrorNote error={leave.error} prefix="You cannot leave" />
      <button type="button" class="danger" disabled={leave.busy}
        onClick={() => confirm(`Leave ${org.org.name}? You lose every role you hold here.`) && leave.submit()}>
        Leave organisation</button>
    </div>
  );
}
