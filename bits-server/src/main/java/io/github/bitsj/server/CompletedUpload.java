// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload whose every byte the server holds, as an {@link UploadHandler} or a {@link CompletionListener} sees it.
 *
 * @param file the uploaded data: for a handler the request file in the session area (read it, do not keep the path:
 *     it is deleted once the handler succeeds, decision D15); for a listener the committed file at its destination
 * @param size its size in bytes
 * @param principal the authenticated user who uploaded it ({@code ""} when anonymous)
 * @param sessionId the upload session's {@code BITS-Session-Id}
 * @param url the upload's URL as the client named it at Create-Session (the {@code BITS-Original-Request-URL})
 * @param query the raw query string of that URL, if any (IIS appends it to the notification URL, SDK: BITS IIS Extension Properties)
 * @param destination the destination below the storage root, segments joined by {@code /}
 * @param replyFile for a handler: a file in the session area where it may write its reply and then answer
 *     {@link UploadResponse#file(Path)} with this path (as a by-reference application writes
 *     {@code BITS-Response-DataFile-Name}); empty for a listener
 */
public record CompletedUpload(Path file, long size, String principal, String sessionId, URI url,
        Optional<String> query, String destination, Optional<Path> replyFile) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public CompletedUpload {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(replyFile, "replyFile");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
