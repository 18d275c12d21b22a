package io.usersroles.functions.me;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.MeService;

/** {@code GET /me}: the caller's organisations and the open invitations addressed to its verified email. */
public final class GetMeHandler extends HttpFunction {
  private final MeService me;

  public GetMeHandler() {
    this(LambdaEnvironment.component());
  }

  public GetMeHandler(FunctionsComponent app) {
    this.me = app.me();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(MeJson.of(me.overview(caller)));
  }
}
