package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.FUNCTION;
import static io.usersroles.functions.TemplateYaml.HTTP_API;
import static io.usersroles.functions.TemplateYaml.SAMPLE_PARAMETERS;
import static io.usersroles.functions.TemplateYaml.TABLE;
import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.TemplateYaml.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml as a whole (SAM, references, parameters, outputs) and the YAML reader of these tests. */
class TemplateStructureTest {
  private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
      "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

  @Test
  void isASamTemplate() {
    assertThat(TEMPLATE.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    assertThat(TEMPLATE.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
  }

  @Test
  void everyReferenceResolvesEveryParameterIsUsedAndNoResourcesDependOnEachOther() {
    Set<String> parameters = new TreeSet<>();
    TEMPLATE.path("Parameters").fieldNames().forEachRemaining(parameters::add);
    Set<String> resources = new TreeSet<>();
    TEMPLATE.path("Resources").fieldNames().forEachRemaining(resources::add);
    assertThat(parameters).doesNotContainAnyElementsOf(resources);

    Set<String> referenced = new TreeSet<>();
    Map<String, Set<String>> dependencies = new TreeMap<>();
    Set<String> globalsReferences = new TreeSet<>();
    references(TEMPLATE.path("Globals"), globalsReferences::add);
    referenced.addAll(globalsReferences);
    TEMPLATE.path("Resources").fields().forEachRemaining(field -> {
      Set<String> names = new TreeSet<>();
      references(field.getValue(), names::add);
      field.getValue().path("DependsOn").forEach(d -> names.add(d.asText()));
      if (field.getValue().path("DependsOn").isTextual()) {
        names.add(field.getValue().path("DependsOn").asText());
      }
      if (field.getValue().path("Type").asText().equals(FUNCTION)) {
        names.addAll(globalsReferences);
      }
      referenced.addAll(names);
      dependencies.put(field.getKey(), names.stream().filter(resources::contains).collect(Collectors.toSet()));
    });
    references(TEMPLATE.path("Outputs"), referenced::add);

    Set<String> known = new TreeSet<>(parameters);
    known.addAll(resources);
    known.addAll(PSEUDO_PARAMETERS);
    assertThat(referenced).as("references that resolve to nothing").isSubsetOf(known);
    assertThat(parameters).as("parameters nothing uses").isSubsetOf(referenced);
    assertThat(cycle(dependencies)).as("a dependency cycle").isEmpty();

    TEMPLATE.path("Parameters").fields().forEachRemaining(field -> {
      JsonNode parameter = field.getValue();
      String value = parameter.has("Default") ? parameter.get("Default").asText() : SAMPLE_PARAMETERS.get(field.getKey());
      assertThat(value).as("a sample value for parameter " + field.getKey()).isNotNull();
      if (parameter.has("AllowedPattern")) {
        assertThat(value).as(field.getKey()).matches(parameter.get("AllowedPattern").asText());
      }
      assertThat(value.length()).as(field.getKey()).isGreaterThanOrEqualTo(parameter.path("MinLength").asInt(0));
    });
  }

  @Test
  void outputsNameTheApiUrlAndTheTable() {
    JsonNode outputs = TEMPLATE.path("Outputs");
    assertThat(outputs.path("TableName").path("Value")).isEqualTo(ref(onlyResourceOfType(TABLE)));
    assertThat(outputs.path("ApiUrl").path("Value").path("Fn::Sub").asText())
        .startsWith("https://${" + onlyResourceOfType(HTTP_API) + "}.execute-api.");
  }

  @Test
  void theYamlReaderTurnsShortFormTagsIntoLongForms() throws IOException {
    Path file = Files.createTempFile("template", ".yaml");
    try {
      Files.writeString(file, "A: !Ref Table\nB: !GetAtt Fn.Arn\nC: !Sub 'x-${AWS::Region}'\n"
          + "D: !Join ['', [a, !Ref B]]\nE: plain\nF: 2.0\nG: '!Ref quoted'\n");
      JsonNode node = CloudFormationYaml.read(file);
      assertThat(node.get("A")).isEqualTo(ref("Table"));
      assertThat(node.get("B")).isEqualTo(getAtt("Fn", "Arn"));
      assertThat(node.get("C")).isEqualTo(sub("x-${AWS::Region}"));
      assertThat(node.at("/D/Fn::Join/1/1")).isEqualTo(ref("B"));
      assertThat(node.get("E").asText()).isEqualTo("plain");
      assertThat(node.get("F").isNumber()).isTrue();
      assertThat(node.get("G").asText()).isEqualTo("!Ref quoted");
      Files.writeString(file, "A: !Reff Table\n");
      assertThatThrownBy(() -> CloudFormationYaml.read(file)).hasMessageContaining("!Reff");
      Files.writeString(file, "A: 1\nA: 2\n");
      assertThatThrownBy(() -> CloudFormationYaml.read(file)).hasMessageContaining("duplicate key A");
    } finally {
      Files.delete(file);
    }
  }

  private static ObjectNode getAtt(String resource, String attribute) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.putArray("Fn::GetAtt").add(resource).add(attribute);
    return node;
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  /** Every name that a Ref, Fn::GetAtt or Fn::Sub under {@code node} refers to. */
  private static void references(JsonNode node, Consumer<String> names) {
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Ref")) {
        // SAM's resource references: Function.Alias / Function.Version name the function's
        // AutoPublishAlias alias and version, which SAM generates from the function itself
        names.accept(node.get("Ref").asText().replaceFirst("\\.(Alias|Version)$", ""));
        return;
      }
      if (node.size() == 1 && node.has("Fn::GetAtt")) {
        JsonNode target = node.get("Fn::GetAtt");
        names.accept(target.isArray() ? target.get(0).asText() : target.asText().split("\\.")[0]);
        return;
      }
      if (node.size() == 1 && node.has("Fn::Sub")) {
        JsonNode sub = node.get("Fn::Sub");
        String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
        Set<String> local = new HashSet<>();
        if (sub.isArray()) {
          sub.get(1).fieldNames().forEachRemaining(local::add);
          sub.get(1).forEach(v -> references(v, names));
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
          String name = matcher.group(1).trim();
          name = name.startsWith("AWS::") ? name : name.split("\\.")[0];
          if (!local.contains(name)) {
            names.accept(name);
          }
        }
        return;
      }
    }
    node.forEach(child -> references(child, names));
  }

  /** A dependency cycle among resources, or an empty list. */
  private static List<String> cycle(Map<String, Set<String>> dependencies) {
    Map<String, Integer> state = new HashMap<>();
    for (String start : dependencies.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> found = visit(start, dependencies, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String node, Map<String, Set<String>> dependencies, Map<String, Integer> state,
      Deque<String> path) {
    Integer seen = state.get(node);
    if (seen != null && seen == 2) {
      return List.of();
    }
    if (seen != null && seen == 1) {
      List<String> cycle = new ArrayList<>(path);
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.addLast(node);
    for (String next : dependencies.getOrDefault(node, Set.of())) {
      List<String> found = visit(next, dependencies, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.removeLast();
    state.put(node, 2);
    return List.of();
  }
}
