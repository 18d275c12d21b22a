package io.usersroles.functions.serviceaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.security.Crypto;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A dump of the table after a full scenario holds no service-account secret and no
 * invitation token in clear (nor their random part in any common encoding), while the hashes that
 * stand in for the live ones are there, so a change of storage cannot slip past this test.
 */
class SecretsAtRestTest {
  private final Api api = new Api();

  @Test
  void aTableDumpHoldsNoSecretAndNoTokenOnlyTheirHashes() {
    // the scenario: an org, a custom role, invitations (accepted, resent, cancelled, pending, sent by
    // a machine), service accounts (created, rotated, deleted)
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Secretive Co");
    Response role = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Inviters\",\"permissions\":[\"members:invite\",\"members:view\"]}");
    assertThat(role.status()).isEqualTo(201);
    String inviters = role.json().get("id").asText();

    User alice = api.user("alice");
    User bob = api.user("bob");
    User carol = api.user("carol");
    User dave = api.user("dave");
    User erin = api.user("erin");
    User frank = api.user("frank");
    User grace = api.user("grace");
    Response invited = api.invite(owner, orgId, null, alice, bob, carol, dave, erin);
    api.invite(owner, orgId, "[\"" + inviters + "\"]", frank);
    for (User accepting : List.of(alice, bob)) {
      Response accepted = api.call(accepting, "POST", "/invitations/accept",
          Api.json("token", api.latestToken(accepting.email())));
      assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    }
    String carolsInvitation = invitationId(invited, carol);
    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + carolsInvitation + "/resend", null);
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    Response cancelled = api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + invitationId(invited, dave),
        null);
    assertThat(cancelled.status()).isEqualTo(204);

    String kept = createAccount(owner, orgId, "kept", "[\"member\"]")[1];
    String[] rotating = createAccount(owner, orgId, "rotating", "[\"owner\"]");
    String[] deleted = createAccount(owner, orgId, "deleted", "[\"member\",\"" + inviters + "\"]");
    String[] machine = createAccount(owner, orgId, "machine", "[\"member\",\"" + inviters + "\"]");
    Response byMachine = api.call("Bearer " + machine[1], "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"" + grace.email() + "\"]}");
    assertThat(byMachine.status()).as(byMachine.json().toString()).isEqualTo(200);
    Response rotated = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts/" + rotating[0] + "/secret", null);
    assertThat(rotated.status()).isEqualTo(200);
    String rotatedAway = rotating[1];
    String current = rotated.json().get("secret").asText();
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + deleted[0], null).status())
        .isEqualTo(204);

    // everything the scenario saw
    List<String> liveSecrets = List.of(kept, current, machine[1]);
    List<String> deadSecrets = List.of(rotatedAway, deleted[1]);
    List<String> secrets = new ArrayList<>(liveSecrets);
    secrets.addAll(deadSecrets);
    Set<String> tokens = new LinkedHashSet<>();
    List<User> invitees = List.of(alice, bob, carol, dave, erin, frank, grace);
    for (User invitee : invitees) {
      for (SesEmulator.SentEmail email : api.emailsTo(invitee.email())) {
        tokens.add(Api.tokenOf(email));
        assertThat(email.html()).contains(Api.tokenOf(email));
      }
    }
    assertThat(new HashSet<>(secrets)).hasSize(5);
    assertThat(tokens).hasSize(8); // one each, and carol's second link
    List<String> openTokens = List.of(api.latestToken(carol.email()), api.latestToken(erin.email()),
        api.latestToken(frank.email()), api.latestToken(grace.email()));
    String carolsFirstToken = Api.tokenOf(api.emailsTo(carol.email()).get(0));

    // the table, every attribute of every item as text
    List<Map<String, AttributeValue>> items = api.env.adminClient()
        .scanPaginator(ScanRequest.builder().tableName(api.table).consistentRead(true).build()).items().stream()
        .toList();
    StringBuilder text = new StringBuilder();
    Set<String> partitionKeys = new HashSet<>();
    for (Map<String, AttributeValue> item : items) {
      partitionKeys.add(item.get("pk").s());
      item.forEach((name, value) -> text.append(name).append('=').append(render(value)).append('\n'));
      text.append("----\n");
    }
    String dump = text.toString();
    String lowerDump = dump.toLowerCase(Locale.ROOT);

    // the dump is real: it holds the scenario's data
    assertThat(items).hasSizeGreaterThan(10);
    assertThat(dump).contains(orgId, rotating[0], machine[0], "Inviters", "rotating");
    for (User invitee : invitees) {
      assertThat(lowerDump).contains(invitee.email().toLowerCase(Locale.ROOT));
    }

    for (String secret : secrets) {
      String random = secret.substring("uars_".length());
      assertThat(dump).as("a secret in the table").doesNotContain(secret).doesNotContain(random);
      assertNoEncodingOf(Base64.getUrlDecoder().decode(random), dump, lowerDump);
    }
    for (String token : tokens) {
      assertThat(dump).as("an invitation token in the table").doesNotContain(token);
      assertNoEncodingOf(Base64.getUrlDecoder().decode(token), dump, lowerDump);
    }

    // what is stored instead: the SHA-256 of each live secret, as the key its lookup reads...
    for (String secret : liveSecrets) {
      assertThat(dump).contains(Crypto.hashOf(secret));
      assertThat(partitionKeys).contains("SECRET#" + Crypto.hashOf(secret));
    }
    // ...and no key under which a rotated-away or deleted secret could still be found
    for (String secret : deadSecrets) {
      assertThat(partitionKeys).doesNotContain("SECRET#" + Crypto.hashOf(secret));
    }
    // the SHA-256 of every open link's token, and not that of a link a resend replaced
    for (String token : openTokens) {
      assertThat(dump).contains(Crypto.hashOf(token));
    }
    assertThat(dump).doesNotContain(Crypto.hashOf(carolsFirstToken));
  }

  /** Fails when the dump holds {@code bytes} as hex, base64 or base64url (padded or not). */
  private static void assertNoEncodingOf(byte[] bytes, String dump, String lowerDump) {
    assertThat(bytes).hasSizeGreaterThanOrEqualTo(16);
    String base64 = Base64.getEncoder().withoutPadding().encodeToString(bytes);
    String base64url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThat(dump).doesNotContain(base64).doesNotContain(base64url);
    assertThat(lowerDump).doesNotContain(HexFormat.of().formatHex(bytes));
  }

  /** An attribute value as text, whatever its type; binary values in several encodings. */
  private static String render(AttributeValue value) {
    if (value.s() != null) {
      return value.s();
    }
    if (value.n() != null) {
      return value.n();
    }
    if (value.b() != null) {
      return renderBytes(value.b());
    }
    if (value.bool() != null) {
      return value.bool().toString();
    }
    if (Boolean.TRUE.equals(value.nul())) {
      return "null";
    }
    StringBuilder text = new StringBuilder("[");
    if (value.hasSs()) {
      value.ss().forEach(s -> text.append(s).append(','));
    }
    if (value.hasNs()) {
      value.ns().forEach(n -> text.append(n).append(','));
    }
    if (value.hasBs()) {
      value.bs().forEach(b -> text.append(renderBytes(b)).append(','));
    }
    if (value.hasL()) {
      value.l().forEach(element -> text.append(render(element)).append(','));
    }
    if (value.hasM()) {
      value.m().forEach((name, element) -> text.append(name).append('=').append(render(element)).append(','));
    }
    return text.append(']').toString();
  }

  private static String renderBytes(SdkBytes bytes) {
    byte[] raw = bytes.asByteArray();
    return Base64.getEncoder().encodeToString(raw) + " " + Base64.getUrlEncoder().encodeToString(raw) + " "
        + HexFormat.of().formatHex(raw) + " " + new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Creates a service account and returns {id, secret}. */
  private String[] createAccount(User owner, String orgId, String name, String rolesJson) {
    // with an Idempotency-Key: the recorded answer, secret included, is in the table too (sealed)
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"" + name + "\",\"roles\":" + rolesJson + "}", Map.of("Idempotency-Key", "create-" + name));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return new String[] {created.json().get("id").asText(), created.json().get("secret").asText()};
  }

  private static String invitationId(Response invited, User invitee) {
    for (var result : invited.json().get("results")) {
      if (result.get("email").asText().equalsIgnoreCase(invitee.email())) {
        return result.get("invitationId").asText();
      }
    }
    throw new AssertionError("no invitation for " + invitee.email() + " in " + invited.json());
  }
}
