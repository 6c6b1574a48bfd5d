// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.FinishOutcome;
import io.github.bitsj.protocol.ProtocolError.Kind;
import io.github.bitsj.server.CompletedUpload;
import io.github.bitsj.server.UploadHandler;
import io.github.bitsj.server.UploadResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls an in-process {@link UploadHandler} with the rules of a notified application (SDK: Handling Server Application Errors): on its own
 * virtual thread, bounded by the timeout (interrupted past it: 408), an exception answered as a 500 from the
 * application (context 0x7); a reply of bytes or of another file is copied into the session's reply file.
 */
final class HandlerCall implements ServerApp {

    private final UploadHandler handler;
    private final Duration timeout;

    HandlerCall(UploadHandler handler, Duration timeout) {
        this.handler = handler;
        this.timeout = timeout;
    }

    @Override
    public Answer call(Call call) throws InterruptedException {
        CompletedUpload upload = new CompletedUpload(call.requestFile(), call.size(), call.principal(),
                call.sessionId(), call.url(), Optional.ofNullable(call.url().getRawQuery()), call.destination(),
                Optional.of(call.replyFile()));
        FutureTask<UploadResponse> task = new FutureTask<>(() -> handler.handle(upload));
        Thread.ofVirtual().name("bits-upload-handler").start(task);
        UploadResponse r;
        try {
            r = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return new Answer.Failure(new FinishOutcome.ApplicationTimedOut());
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LogEvent.HANDLER_FAILED.log(cause, "session", call.sessionId(), "error", cause.getClass().getName());
            return new Answer.Failure(new FinishOutcome.ApplicationFailed(500));
        }
        if (r == null) {
            return new Answer.Failure(new FinishOutcome.ApplicationResponseInvalid());
        }
        if (!r.isSuccess()) {
            return new Answer.Failure(new FinishOutcome.ApplicationFailed(r.status()));
        }
        if (r.staticUrl().isPresent()) {
            return new Answer.Success(Optional.of(r.staticUrl().get().toASCIIString()), r.copyToDestination());
        }
        try {
            if (r.replyBytes().isPresent()) {
                Files.write(call.replyFile(), r.replyBytes().get());
            } else {
                Path file = r.replyFile().orElseThrow();
                if (!file.toAbsolutePath().normalize().equals(call.replyFile().toAbsolutePath().normalize())) {
                    Files.copy(file, call.replyFile(), StandardCopyOption.REPLACE_EXISTING);
                } else if (!Files.isRegularFile(file)) {
                    return new Answer.Failure(new FinishOutcome.ApplicationResponseInvalid());
                }
            }
        } catch (NoSuchFileException e) {
            return new Answer.Failure(new FinishOutcome.ApplicationResponseInvalid()); // a reply file that is not there
        } catch (IOException e) {
            // the server's own failure to store the reply, not the application's
            LogEvent.HANDLER_FAILED.log("session", call.sessionId(), "error", e.getClass().getName());
            return new Answer.Failure(new FinishOutcome.Failed(Kind.INTERNAL_ERROR));
        }
        return new Answer.Success(Optional.empty(), r.copyToDestination());
    }
}
