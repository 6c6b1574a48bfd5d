// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.FinishOutcome;
import io.github.bitsj.server.ServerApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory's server application as the {@link Finisher} calls it (SDK: Notification Protocol for Server Applications): a notification URL
 * ({@link NotificationClient}) or an in-process handler ({@link HandlerCall}).
 */
interface ServerApp extends AutoCloseable {

    /**
     * One completed upload handed to the application.
     *
     * @param requestFile the request data (SDK: Notification Protocol for Server Applications {@code BITS-Request-DataFile-Name})
     * @param replyFile where the reply goes (SDK: Notification Protocol for Server Applications {@code BITS-Response-DataFile-Name}); absent before the
     *     call
     * @param size the upload's size
     * @param principal who uploaded it
     * @param sessionId its session id
     * @param url the upload URL (SDK: Notification Protocol for Server Applications {@code BITS-Original-Request-URL})
     * @param destination the destination below the storage root
     * @param basicAuthorization the client's Basic credentials, when the directory forwards them (SDK: Setting Permissions on Virtual Directories)
     */
    record Call(Path requestFile, Path replyFile, long size, String principal, String sessionId, URI url,
            String destination, Optional<String> basicAuthorization) {
        public Call {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(basicAuthorization, "basicAuthorization");
        }
    }

    /** What the application answered. */
    sealed interface Answer {
        /**
         * Success (SDK: Handling Server Application Errors): the reply is in {@link Call#replyFile()} (absent: an empty reply), or at a static
         * URL.
         *
         * @param staticUrl the {@code BITS-Static-Response-URL}, if given
         * @param copyToDestination whether {@code BITS-Copy-File-To-Destination} was given
         */
        record Success(Optional<String> staticUrl, boolean copyToDestination) implements Answer {}

        /**
         * No success.
         *
         * @param outcome the application's status, a timeout, an unreachable application or a malformed answer
         */
        record Failure(FinishOutcome outcome) implements Answer {}
    }

    /**
     * Calls the application, within its timeout.
     *
     * @param call the upload
     * @return the answer
     * @throws InterruptedException if the calling thread is interrupted (the server is stopping)
     */
    Answer call(Call call) throws InterruptedException;

    /** Releases the application's resources (a notification URL's HTTP client). */
    @Override
    default void close() {}

    /** {@return the application a directory is configured with, or null for none} */
    static ServerApp of(ServerApplication app) {
        if (app.handler().isPresent()) {
            return new HandlerCall(app.handler().get(), app.timeout());
        }
        return app.url().isPresent() ? new NotificationClient(app) : null;
    }
}
