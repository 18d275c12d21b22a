// Leaving needs POST /orgs/{orgId}/leave, which the API does not have yet: until it does, this says so.
export function LeaveOrganisation() {
  return (
    <div class="leave">
      <h3>Leave organisation</h3>
      <p class="hint">Leaving an organisation needs an API route that is not available yet. Until it is, ask an owner
        to remove you from the Users tab.</p>
    </div>
  );
}
