package io.usersroles.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

class EnginesTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  @Test
  void dynamoDbLocalAnswersARealClient() {
    try (DynamoDbLocal engine = DynamoDbLocal.inMemory();
        DynamoDbClient client = DynamoDbClient.builder()
            .endpointOverride(engine.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThat(client.listTables().tableNames()).isEmpty();
    }
  }

  @Test
  void sesEmulatorStoresWhatTheSdkSends() {
    try (SesEmulator ses = SesEmulator.start(SesEmulator.locateRepositoryRoot());
        SesV2Client client = SesV2Client.builder()
            .endpointOverride(ses.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      client.sendEmail(r -> r.fromEmailAddress("from@example.com")
          .destination(d -> d.toAddresses("to@example.com"))
          .content(c -> c.simple(m -> m.subject(s -> s.data("Hello"))
              .body(b -> b.text(t -> t.data("plain")).html(h -> h.data("<p>html</p>"))))));

      assertThat(ses.sentTo("to@example.com")).singleElement().satisfies(email -> {
        assertThat(email.subject()).isEqualTo("Hello");
        assertThat(email.text()).isEqualTo("plain");
        assertThat(email.html()).isEqualTo("<p>html</p>");
        assertThat(email.from()).isEqualTo("from@example.com");
      });
      assertThat(ses.endpoint()).isNotEqualTo(URI.create("http://127.0.0.1:8005"));
    }
  }
}
