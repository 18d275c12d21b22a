package io.usersroles.functions;

import dagger.BindsInstance;
import dagger.Component;
import io.usersroles.auth.Authenticator;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.di.CommonModule;
import io.usersroles.service.AuditPublisher;
import io.usersroles.service.AuditService;
import io.usersroles.service.EmailFeedbackService;
import io.usersroles.service.IdempotencyService;
import io.usersroles.service.InvitationReminderService;
import io.usersroles.service.InvitationService;
import io.usersroles.service.MeService;
import io.usersroles.service.OrganisationService;
import io.usersroles.service.PermissionCheckService;
import io.usersroles.service.RoleService;
import io.usersroles.service.ServiceAccountService;
import io.usersroles.service.UserService;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * The object graph every function shares. One component with one provision method per service a
 * handler needs: Dagger builds only what a function asks for, so a function pays at cold start for
 * its own collaborators and nothing else.
 */
@Singleton
@Component(modules = CommonModule.class)
public interface FunctionsComponent {
  Authenticator authenticator();

  OrganisationService organisations();

  InvitationService invitations();

  InvitationReminderService reminders();

  EmailFeedbackService emailFeedback();

  UserService users();

  PermissionCheckService checks();

  RoleService roles();

  ServiceAccountService serviceAccounts();

  IdempotencyService idempotency();

  AuditService audit();

  AuditPublisher auditPublisher();

  MeService me();

  /** Binds what differs between Lambda, the local server and tests. */
  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder settings(Settings settings);

    @BindsInstance
    Builder clock(Clock clock);

    @BindsInstance
    Builder clients(AwsClients clients);

    FunctionsComponent build();
  }

  static Builder builder() {
    return DaggerFunctionsComponent.builder();
  }
}
