package io.usersroles.bench.cold;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cold start as the Lambda Java runtime performs it, reduced to one invocation: load the handler
 * class by name from functions.jar, build it with its public no-argument constructor (which reads the
 * environment), invoke it once on an event file and print the answer. The benchmark runs it in a fresh
 * JVM with only functions.jar and this class on the classpath.
 */
public final class ColdInvoke {
  private ColdInvoke() {}

  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor().newInstance();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
      handler.handleRequest(event, output, new Invocation(type.getSimpleName()));
    }
    System.out.write(output.toByteArray());
    System.out.flush();
  }

  /** What the runtime tells a handler about its invocation; the handlers read the request id and the time left. */
  private static final class Invocation implements Context {
    private final String functionName;
    private final long deadline = System.currentTimeMillis() + 29_000;

    Invocation(String functionName) {
      this.functionName = functionName;
    }

    @Override
    public String getAwsRequestId() {
      return "cold-start";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
      return "cold-start";
    }

    @Override
    public String getFunctionName() {
      return functionName;
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.println(new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }
      };
    }
  }
}
