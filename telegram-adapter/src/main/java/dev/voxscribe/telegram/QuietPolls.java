package dev.voxscribe.telegram;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Lets {@link #close()} end the long poll in flight as an empty poll. The server holds a poll up
 * to its timeout (50 s), and TelegramBots logs a cancelled or interrupted poll as an error with a
 * stack trace; so each poll runs as a separate call that this interceptor waits for, and closing
 * (or the library interrupting its poller) answers the wait with {@code {"ok":true,"result":[]}}
 * and cancels the separate call.
 */
final class QuietPolls implements Interceptor, AutoCloseable {
  private static final String EMPTY = "{\"ok\":true,\"result\":[]}";

  private final OkHttpClient http;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** @param http the client the polls really run on (without this interceptor) */
  QuietPolls(OkHttpClient http) {
    this.http = http;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (closed) return empty(request);
    Call call = http.newCall(request);
    CompletableFuture<Response> answer = new CompletableFuture<>();
    inFlight.add(call);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        answer.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        if (!answer.complete(response)) response.close();
      }
    });
    try {
      if (closed) return empty(request); // closed between the check above and the registration
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return empty(request);
    } catch (ExecutionException e) {
      if (closed) return empty(request);
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      inFlight.remove(call);
      // Still waiting (closed or interrupted): drop the real call, and let a late answer be closed unread.
      if (answer.cancel(false)) call.cancel();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Call call : inFlight) call.cancel();
  }

  private static Response empty(Request request) {
    return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .body(ResponseBody.create(EMPTY, MediaType.get("application/json")))
        .build();
  }
}
