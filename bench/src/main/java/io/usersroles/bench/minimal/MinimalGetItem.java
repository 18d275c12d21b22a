package io.usersroles.bench.minimal;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The floor of {@code cold_start_ratio}: the least a Java function that reads DynamoDB can do in a
 * fresh JVM. The URLConnection HTTP client, static credentials, one strongly consistent GetItem;
 * arguments: endpoint, region, table, partition key, sort key. Prints whether the item was found.
 */
public final class MinimalGetItem {
  private MinimalGetItem() {}

  public static void main(String[] args) {
    DynamoDbClient dynamoDb = DynamoDbClient.builder()
        .endpointOverride(URI.create(args[0]))
        .region(Region.of(args[1]))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
    GetItemResponse response = dynamoDb.getItem(r -> r.tableName(args[2]).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS(args[3]), "sk", AttributeValue.fromS(args[4]))));
    System.out.println(response.hasItem() && !response.item().isEmpty());
  }
}
