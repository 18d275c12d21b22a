package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.HTTP_API;
import static io.usersroles.functions.TemplateYaml.LAMBDA_FUNCTION;
import static io.usersroles.functions.TemplateYaml.ROOT;
import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.resourcesOfType;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's web console: a private bucket read only by CloudFront through origin access control,
 * the HTTP API under /api/ on the same distribution, and config.json written by the deployment from
 * the template's parameters.
 */
class TemplateConsoleTest {
  private static final String BUCKET = onlyResourceOfType("AWS::S3::Bucket");
  private static final String DISTRIBUTION = onlyResourceOfType("AWS::CloudFront::Distribution");

  @Test
  void theBucketIsPrivateAndOnlyTheDistributionReadsIt() {
    JsonNode block = resource(BUCKET).path("Properties").path("PublicAccessBlockConfiguration");
    for (String setting :
        List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
      assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
    }
    assertThat(resource(BUCKET).path("Properties").has("WebsiteConfiguration")).isFalse();
    JsonNode policy = resource(onlyResourceOfType("AWS::S3::BucketPolicy")).path("Properties");
    assertThat(policy.path("Bucket")).isEqualTo(ref(BUCKET));
    List<JsonNode> allows = new ArrayList<>();
    policy.path("PolicyDocument").path("Statement").forEach(statement -> {
      if (statement.path("Effect").asText().equals("Allow")) {
        allows.add(statement);
      }
    });
    assertThat(allows).hasSize(1);
    JsonNode read = allows.get(0);
    assertThat(read.path("Principal").path("Service").asText()).isEqualTo("cloudfront.amazonaws.com");
    assertThat(texts(read.path("Action"))).containsExactly("s3:GetObject");
    assertThat(read.path("Condition").path("StringEquals").path("AWS:SourceArn").path("Fn::Sub").asText())
        .endsWith(":distribution/${" + DISTRIBUTION + "}");

    JsonNode control = resource(onlyResourceOfType("AWS::CloudFront::OriginAccessControl")).path("Properties")
        .path("OriginAccessControlConfig");
    assertThat(control.path("OriginAccessControlOriginType").asText()).isEqualTo("s3");
    assertThat(control.path("SigningBehavior").asText()).isEqualTo("always");
    assertThat(control.path("SigningProtocol").asText()).isEqualTo("sigv4");
  }

  @Test
  void theDistributionServesTheConsoleAndSendsApiPathsToTheHttpApiWithoutCaching() {
    JsonNode config = resource(DISTRIBUTION).path("Properties").path("DistributionConfig");
    JsonNode files = origin(config, "console-files");
    assertThat(files.path("DomainName").path("Fn::GetAtt").get(0).asText()).isEqualTo(BUCKET);
    assertThat(files.path("OriginAccessControlId").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(onlyResourceOfType("AWS::CloudFront::OriginAccessControl"));
    assertThat(files.path("S3OriginConfig").path("OriginAccessIdentity").asText()).isEmpty();
    JsonNode api = origin(config, "http-api");
    assertThat(api.path("DomainName").path("Fn::Sub").asText())
        .startsWith("${" + onlyResourceOfType(HTTP_API) + "}.execute-api.");
    assertThat(api.path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("https-only");

    JsonNode pages = config.path("DefaultCacheBehavior");
    assertThat(pages.path("TargetOriginId").asText()).isEqualTo("console-files");
    assertThat(pages.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
    String routes = functionCode(pages);
    // the console's client-side routes, as the local server's ConsoleFiles serves them
    assertThat(routes).contains("uri === '/'").contains("uri === '/accept'").contains("uri.indexOf('/console/') === 0")
        .contains("request.uri = '/index.html'");

    assertThat(config.path("CacheBehaviors")).hasSize(1);
    JsonNode toApi = config.path("CacheBehaviors").get(0);
    assertThat(toApi.path("PathPattern").asText()).isEqualTo("/api/*");
    assertThat(toApi.path("TargetOriginId").asText()).isEqualTo("http-api");
    assertThat(texts(toApi.path("AllowedMethods"))).contains("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    assertThat(toApi.path("CachePolicyId").asText()).as("Managed-CachingDisabled")
        .isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
    assertThat(toApi.path("OriginRequestPolicyId").asText()).as("Managed-AllViewerExceptHostHeader")
        .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    assertThat(functionCode(toApi)).contains("request.uri.substring(4)");
  }

  @Test
  void configJsonIsWrittenByTheDeploymentFromTheParameters() throws IOException {
    JsonNode files = resource(onlyResourceOfType("Custom::ConsoleFiles")).path("Properties");
    String publisher = onlyResourceOfType(LAMBDA_FUNCTION);
    assertThat(files.path("ServiceToken").path("Fn::GetAtt").get(0).asText()).isEqualTo(publisher);
    assertThat(files.path("Bucket")).isEqualTo(ref(BUCKET));
    String site = onlyResourceOfType("AWS::Lambda::LayerVersion");
    assertThat(files.path("Site")).as("new files make a new layer version, which updates the resource")
        .isEqualTo(ref(site));
    assertThat(files.path("Config").path("apiUrl").asText()).isEqualTo("/api");
    assertThat(files.path("Config").path("oidc").path("issuer")).isEqualTo(ref("ConsoleOidcIssuer"));
    assertThat(files.path("Config").path("oidc").path("clientId")).isEqualTo(ref("ConsoleOidcClientId"));
    assertThat(files.path("Config").path("oidc").path("apiToken")).isEqualTo(ref("ConsoleApiToken"));

    assertThat(resource(site).path("Properties").path("Content").asText()).isEqualTo("console/dist");
    assertThat(Files.readString(ROOT.resolve("console/vite.config.ts"))).contains("outDir: 'dist'");
    JsonNode function = resource(publisher).path("Properties");
    assertThat(function.path("Code").asText()).isEqualTo("console/deploy");
    assertThat(function.path("Handler").asText()).isEqualTo("publish.handler");
    assertThat(ROOT.resolve("console/deploy/publish.mjs")).exists();
    assertThat(Files.readString(ROOT.resolve("console/deploy/publish.mjs"))).contains("export async function handler");
    assertThat(function.path("Layers").get(0)).isEqualTo(ref(site));
    assertThat(function.path("Environment").path("Variables").has("SERVER_SECRET")).isFalse();
  }

  @Test
  void thePublisherMayOnlyWriteTheConsolesBucketAndItsLogs() {
    String publisher = onlyResourceOfType(LAMBDA_FUNCTION);
    String role = resource(publisher).path("Properties").path("Role").path("Fn::GetAtt").get(0).asText();
    List<String> resources = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    resource(role).path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument")
        .path("Statement").forEach(statement -> {
          assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
          actions.addAll(texts(statement.path("Action")));
          JsonNode target = statement.path("Resource");
          resources.add(target.has("Fn::Sub")
              ? target.path("Fn::Sub").asText()
              : target.path("Fn::GetAtt").get(0).asText());
        }));
    assertThat(actions).containsExactlyInAnyOrder("s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
        "logs:CreateLogStream", "logs:PutLogEvents");
    assertThat(resources).containsExactlyInAnyOrder("${" + BUCKET + ".Arn}/*", BUCKET,
        publisher + "LogGroup");
    assertThat(resource(role).path("Properties").has("ManagedPolicyArns")).isFalse();
  }

  @Test
  void theConsoleUrlIsAnOutput() {
    assertThat(TEMPLATE.path("Outputs").path("ConsoleUrl").path("Value").path("Fn::Sub").asText())
        .isEqualTo("https://${" + DISTRIBUTION + ".DomainName}");
    assertThat(resourcesOfType("AWS::CloudFront::Function")).hasSize(2);
  }

  private static JsonNode origin(JsonNode config, String id) {
    for (JsonNode origin : config.path("Origins")) {
      if (origin.path("Id").asText().equals(id)) {
        return origin;
      }
    }
    throw new AssertionError("no origin " + id);
  }

  private static String functionCode(JsonNode behaviour) {
    JsonNode associations = behaviour.path("FunctionAssociations");
    assertThat(associations).hasSize(1);
    assertThat(associations.get(0).path("EventType").asText()).isEqualTo("viewer-request");
    String function = associations.get(0).path("FunctionARN").path("Fn::GetAtt").get(0).asText();
    return resource(function).path("Properties").path("FunctionCode").asText();
  }
}
