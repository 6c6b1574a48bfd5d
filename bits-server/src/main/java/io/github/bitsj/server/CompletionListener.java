// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/**
 * Told after each upload is committed at its destination (MC-BUP §3.3.5.2.4), on its own virtual thread, after the final
 * Ack is decided: a listener never delays or fails an upload, and an exception it throws is logged
 * ({@code listener_failed}) and otherwise ignored. Also told when a server application asked for a copy at the
 * destination ({@code BITS-Copy-File-To-Destination}, SDK: Notification Protocol for Server Applications).
 *
 * <pre>{@code
 * UploadDirectory.newBuilder("/upload", root)
 *         .completionListener(u -> queue.add(u.file()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface CompletionListener {

    /**
     * Called once per committed upload (again if a client re-sends the upload in a new session).
     *
     * @param upload the committed upload: {@link CompletedUpload#file()} is the file at its destination
     * @throws Exception anything; it is logged, never passed on
     */
    void completed(CompletedUpload upload) throws Exception;
}
