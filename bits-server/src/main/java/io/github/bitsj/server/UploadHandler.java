// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/**
 * An in-process server application (bitsj's alternative to a notification URL, SDK: Notification Protocol for Server Applications): called when an
 * upload-reply upload's last byte arrives, before the final Fragment Ack, with the same rules as a notified
 * application (SDK: Handling Server Application Errors). A success is cached: the final Ack, with its {@code BITS-Reply-URL}, is replayed to
 * any later Fragment without calling the handler again, even after a restart; a failure is relayed to the client in
 * the final Fragment Ack (with {@code BITS-Error-Context: 0x7}) and the next Fragment calls the handler again.
 * Uploads may therefore be handed over more than once (a lost Ack, a crash): make the handler idempotent
 * (SDK <i>Preventing Multiple Uploads</i>).
 *
 * <pre>{@code
 * UploadDirectory.newBuilder("/triage", root)
 *         .serverApplication(ServerApplication.handler(upload -> {
 *             String verdict = classify(upload.file());
 *             return UploadResponse.bytes(verdict.getBytes(StandardCharsets.UTF_8));
 *         }))
 *         .build();
 * }</pre>
 *
 * <p>The handler runs on its own virtual thread, bounded by {@link ServerApplication#timeout()}: past it the thread
 * is interrupted and the client gets 408 (MC-BUP §3.3.6). An exception is logged and answered 500 with context 0x7.
 */
@FunctionalInterface
public interface UploadHandler {

    /**
     * Handles a completed upload.
     *
     * @param upload the upload (the request data in {@link CompletedUpload#file()})
     * @return the reply, or a failure status to relay
     * @throws Exception anything: answered as a 500 from the server application
     */
    UploadResponse handle(CompletedUpload upload) throws Exception;
}
