package io.usersroles.functions.deployment;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.audit.AuditPublisherHandler;
import io.usersroles.functions.audit.ListAuditEventsHandler;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.checks.CheckPermissionHandler;
import io.usersroles.functions.invitations.AcceptInvitationHandler;
import io.usersroles.functions.invitations.CancelInvitationHandler;
import io.usersroles.functions.invitations.CreateInvitationsHandler;
import io.usersroles.functions.invitations.EmailFeedbackHandler;
import io.usersroles.functions.invitations.GetInvitationHandler;
import io.usersroles.functions.invitations.InviteReminderHandler;
import io.usersroles.functions.invitations.ListInvitationsHandler;
import io.usersroles.functions.invitations.ResendInvitationHandler;
import io.usersroles.functions.invitations.UpdateInvitationHandler;
import io.usersroles.functions.me.AcceptMyInvitationHandler;
import io.usersroles.functions.me.DeclineMyInvitationHandler;
import io.usersroles.functions.me.GetMeHandler;
import io.usersroles.functions.orgs.CreateOrganisationHandler;
import io.usersroles.functions.orgs.GetOrganisationHandler;
import io.usersroles.functions.orgs.LeaveOrganisationHandler;
import io.usersroles.functions.orgs.UpdateOrganisationHandler;
import io.usersroles.functions.roles.CreateRoleHandler;
import io.usersroles.functions.roles.DeleteRoleHandler;
import io.usersroles.functions.roles.GetRoleHandler;
import io.usersroles.functions.roles.ListRolesHandler;
import io.usersroles.functions.roles.UpdateRoleHandler;
import io.usersroles.functions.serviceaccounts.CreateServiceAccountHandler;
import io.usersroles.functions.serviceaccounts.DeleteServiceAccountHandler;
import io.usersroles.functions.serviceaccounts.GetServiceAccountHandler;
import io.usersroles.functions.serviceaccounts.ListServiceAccountsHandler;
import io.usersroles.functions.serviceaccounts.RotateServiceAccountSecretHandler;
import io.usersroles.functions.serviceaccounts.UpdateServiceAccountHandler;
import io.usersroles.functions.users.GetUserHandler;
import io.usersroles.functions.users.GetUserPermissionsHandler;
import io.usersroles.functions.users.ListUsersHandler;
import io.usersroles.functions.users.RemoveUserHandler;
import io.usersroles.functions.users.UpdateUserRolesHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every function template.yaml deploys: its logical id, handler, timeout and (for API routes) its
 * route. A test checks that template.yaml declares exactly these; the local server and the tests put
 * the same functions behind an emulated API Gateway.
 */
public final class DeployedFunctions {
  /**
   * One function. {@code route} is absent for functions that API Gateway does not route to;
   * {@code timeout} is its Lambda timeout in template.yaml.
   */
  public record Entry(String logicalId, Class<? extends RequestStreamHandler> handlerClass,
      Function<FunctionsComponent, RequestStreamHandler> factory, Optional<Route> route, Duration timeout) {
    /** The handler built on {@code app}, as its public no-argument constructor builds it on the deployed graph. */
    public RequestStreamHandler handler(FunctionsComponent app) {
      return factory.apply(app);
    }

    /** {@code METHOD /path}, for functions API Gateway routes to. */
    public Optional<String> routeKey() {
      return route.map(Route::routeKey);
    }
  }

  /** The logical id of the Lambda REQUEST authorizer in front of every route. */
  public static final String AUTHORIZER = "AuthorizerFunction";

  /** The function SES's bounce and complaint events reach (an EventBridge rule on the default bus). */
  public static final String EMAIL_FEEDBACK = "EmailFeedbackFunction";

  /** The timeout of API functions: under the HTTP API's 30 s integration limit. */
  public static final Duration API_TIMEOUT = Duration.ofSeconds(29);
  /** The authorizer's timeout: an authorizer slower than this is broken. */
  public static final Duration AUTHORIZER_TIMEOUT = Duration.ofSeconds(10);
  /** The reminder job's timeout: Lambda's maximum. */
  public static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);
  /** The audit publisher's timeout: a batch of 100 stream records is 10 PutEvents requests. */
  public static final Duration STREAM_TIMEOUT = Duration.ofMinutes(1);

  /**
   * How a function fed by the table's stream is configured in the template (its event source mapping),
   * which the local server's stream reader follows: the records its filter pattern passes, in batches
   * of at most {@code batchSize}, each retried {@code maxRetries} times from its first failed record.
   */
  public record StreamSource(String logicalId, String filterPattern, int batchSize, int maxRetries) {}

  /** The audit publisher's stream: audit-event items as written (not TTL's removals). */
  public static final StreamSource AUDIT_STREAM = new StreamSource("AuditPublisherFunction",
      "{\"eventName\": [\"INSERT\", \"MODIFY\"], "
          + "\"dynamodb\": {\"NewImage\": {\"entity\": {\"S\": [\"audit-event\"]}}}}",
      100, 10);

  private static final List<Entry> ENTRIES = List.of(
      entry(AUTHORIZER, AuthorizerHandler.class, AuthorizerHandler::new, null, AUTHORIZER_TIMEOUT),
      entry("CreateOrganisationFunction", CreateOrganisationHandler.class, CreateOrganisationHandler::new,
          "POST /orgs"),
      entry("GetOrganisationFunction", GetOrganisationHandler.class, GetOrganisationHandler::new,
          "GET /orgs/{orgId}"),
      entry("UpdateOrganisationFunction", UpdateOrganisationHandler.class, UpdateOrganisationHandler::new,
          "PATCH /orgs/{orgId}"),
      entry("ListUsersFunction", ListUsersHandler.class, ListUsersHandler::new,
          "GET /orgs/{orgId}/users"),
      entry("CreateInvitationsFunction", CreateInvitationsHandler.class, CreateInvitationsHandler::new,
          "POST /orgs/{orgId}/invitations"),
      entry("ListInvitationsFunction", ListInvitationsHandler.class, ListInvitationsHandler::new,
          "GET /orgs/{orgId}/invitations"),
      entry("ResendInvitationFunction", ResendInvitationHandler.class, ResendInvitationHandler::new,
          "POST /orgs/{orgId}/invitations/{invitationId}/resend"),
      entry("CancelInvitationFunction", CancelInvitationHandler.class, CancelInvitationHandler::new,
          "DELETE /orgs/{orgId}/invitations/{invitationId}"),
      entry("AcceptInvitationFunction", AcceptInvitationHandler.class, AcceptInvitationHandler::new,
          "POST /invitations/accept"),
      entry("UpdateUserRolesFunction", UpdateUserRolesHandler.class, UpdateUserRolesHandler::new,
          "PUT /orgs/{orgId}/users/{userId}/roles"),
      entry("RemoveUserFunction", RemoveUserHandler.class, RemoveUserHandler::new,
          "DELETE /orgs/{orgId}/users/{userId}"),
      entry("ListRolesFunction", ListRolesHandler.class, ListRolesHandler::new, "GET /orgs/{orgId}/roles"),
      entry("CreateRoleFunction", CreateRoleHandler.class, CreateRoleHandler::new, "POST /orgs/{orgId}/roles"),
      entry("GetRoleFunction", GetRoleHandler.class, GetRoleHandler::new, "GET /orgs/{orgId}/roles/{roleId}"),
      entry("UpdateRoleFunction", UpdateRoleHandler.class, UpdateRoleHandler::new, "PUT /orgs/{orgId}/roles/{roleId}"),
      entry("DeleteRoleFunction", DeleteRoleHandler.class, DeleteRoleHandler::new,
          "DELETE /orgs/{orgId}/roles/{roleId}"),
      entry("CreateServiceAccountFunction", CreateServiceAccountHandler.class, CreateServiceAccountHandler::new,
          "POST /orgs/{orgId}/service-accounts"),
      entry("ListServiceAccountsFunction", ListServiceAccountsHandler.class, ListServiceAccountsHandler::new,
          "GET /orgs/{orgId}/service-accounts"),
      entry("RotateServiceAccountSecretFunction", RotateServiceAccountSecretHandler.class,
          RotateServiceAccountSecretHandler::new, "POST /orgs/{orgId}/service-accounts/{id}/secret"),
      entry("DeleteServiceAccountFunction", DeleteServiceAccountHandler.class, DeleteServiceAccountHandler::new,
          "DELETE /orgs/{orgId}/service-accounts/{id}"),
      entry("CheckPermissionFunction", CheckPermissionHandler.class, CheckPermissionHandler::new,
          "POST /orgs/{orgId}/check"),
      entry("InviteReminderFunction", InviteReminderHandler.class, InviteReminderHandler::new, null, JOB_TIMEOUT),
      entry("GetUserFunction", GetUserHandler.class, GetUserHandler::new, "GET /orgs/{orgId}/users/{userId}"),
      entry("GetInvitationFunction", GetInvitationHandler.class, GetInvitationHandler::new,
          "GET /orgs/{orgId}/invitations/{invitationId}"),
      entry("GetServiceAccountFunction", GetServiceAccountHandler.class, GetServiceAccountHandler::new,
          "GET /orgs/{orgId}/service-accounts/{id}"),
      entry("UpdateServiceAccountFunction", UpdateServiceAccountHandler.class, UpdateServiceAccountHandler::new,
          "PATCH /orgs/{orgId}/service-accounts/{id}"),
      entry("GetUserPermissionsFunction", GetUserPermissionsHandler.class, GetUserPermissionsHandler::new,
          "GET /orgs/{orgId}/users/{userId}/permissions"),
      entry("GetMeFunction", GetMeHandler.class, GetMeHandler::new, "GET /me"),
      entry("AcceptMyInvitationFunction", AcceptMyInvitationHandler.class, AcceptMyInvitationHandler::new,
          "POST /me/invitations/{invitationId}/accept"),
      entry("DeclineMyInvitationFunction", DeclineMyInvitationHandler.class, DeclineMyInvitationHandler::new,
          "POST /me/invitations/{invitationId}/decline"),
      entry("LeaveOrganisationFunction", LeaveOrganisationHandler.class, LeaveOrganisationHandler::new,
          "POST /orgs/{orgId}/leave"),
      entry("UpdateInvitationFunction", UpdateInvitationHandler.class, UpdateInvitationHandler::new,
          "PATCH /orgs/{orgId}/invitations/{invitationId}"),
      entry("ListAuditEventsFunction", ListAuditEventsHandler.class, ListAuditEventsHandler::new,
          "GET /orgs/{orgId}/audit-events"),
      entry(AUDIT_STREAM.logicalId(), AuditPublisherHandler.class, AuditPublisherHandler::new, null, STREAM_TIMEOUT),
      entry(EMAIL_FEEDBACK, EmailFeedbackHandler.class, EmailFeedbackHandler::new, null, API_TIMEOUT));

  private DeployedFunctions() {}

  public static List<Entry> all() {
    return ENTRIES;
  }

  public static Optional<Entry> byLogicalId(String logicalId) {
    return ENTRIES.stream().filter(e -> e.logicalId().equals(logicalId)).findFirst();
  }

  private static <H extends RequestStreamHandler> Entry entry(String logicalId, Class<H> handlerClass,
      Function<FunctionsComponent, H> factory, String routeKey) {
    return entry(logicalId, handlerClass, factory, routeKey, API_TIMEOUT);
  }

  private static <H extends RequestStreamHandler> Entry entry(String logicalId, Class<H> handlerClass,
      Function<FunctionsComponent, H> factory, String routeKey, Duration timeout) {
    return new Entry(logicalId, handlerClass, factory::apply,
        routeKey == null ? Optional.empty() : Optional.of(Route.parse(routeKey)), timeout);
  }
}
