// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link UploadHandler} answers, mirroring a notified application's answer (SDK: Notification Protocol for Server Applications, SDK: Handling Server Application Errors): a reply
 * (bytes, a file, a static URL, or nothing, which the client sees as an empty reply, decision D10), optionally with
 * a copy of the upload at its destination ({@code BITS-Copy-File-To-Destination}); or a failure status that the
 * client gets in the final Fragment Ack with {@code BITS-Error-Context: 0x7}.
 */
public final class UploadResponse {
    private final int status;
    private final byte[] bytes;
    private final Path file;
    private final URI staticUrl;
    private final boolean copyToDestination;

    private UploadResponse(int status, byte[] bytes, Path file, URI staticUrl, boolean copyToDestination) {
        this.status = status;
        this.bytes = bytes;
        this.file = file;
        this.staticUrl = staticUrl;
        this.copyToDestination = copyToDestination;
    }

    /**
     * {@return a reply of these bytes (copied)}
     *
     * @param reply the reply
     * @throws NullPointerException if {@code reply} is null
     */
    public static UploadResponse bytes(byte[] reply) {
        return new UploadResponse(200, reply.clone(), null, null, false);
    }

    /**
     * {@return a reply read from a file: the server copies it into the session area at once (the handler keeps its
     * file), unless it is {@link CompletedUpload#replyFile()}, which is used where it is}
     *
     * @param reply the file
     * @throws NullPointerException if {@code reply} is null
     */
    public static UploadResponse file(Path reply) {
        return new UploadResponse(200, null, Objects.requireNonNull(reply, "reply"), null, false);
    }

    /**
     * {@return a reply the client downloads from this absolute URL, served by someone else
     * ({@code BITS-Static-Response-URL}, SDK: Notification Protocol for Server Applications)}
     *
     * @param url an absolute {@code http} or {@code https} URL of at most 2,200 characters
     * @throws IllegalArgumentException if {@code url} is not such a URL
     */
    public static UploadResponse staticUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getRawAuthority() == null
                || url.toASCIIString().length() > 2200) {
            throw new IllegalArgumentException("a static reply URL is an absolute http(s) URL (<= 2200 characters)");
        }
        return new UploadResponse(200, null, null, url, false);
    }

    /** {@return success without a reply: the client gets an empty reply (decision D10)} */
    public static UploadResponse none() {
        return new UploadResponse(200, new byte[0], null, null, false);
    }

    /**
     * {@return a failure relayed to the client with this status and {@code BITS-Error-Context: 0x7}; 403 tells a
     * Windows client not to post the upload again (SDK <i>Handling Server Application Errors</i>), 5xx makes it
     * retry}
     *
     * @param status an HTTP status from 300 to 599
     * @throws IllegalArgumentException if {@code status} is outside 300–599
     */
    public static UploadResponse failure(int status) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("a failure status is 300-599: " + status);
        }
        return new UploadResponse(status, null, null, null, false);
    }

    /**
     * {@return this reply, also asking the server to commit the upload at its destination, as
     * {@code BITS-Copy-File-To-Destination} does (MC-BUP §3.3.5.2.4: the parent folders must exist)}
     *
     * @throws IllegalStateException on a failure
     */
    public UploadResponse withCopyToDestination() {
        if (!isSuccess()) {
            throw new IllegalStateException("a failure copies nothing");
        }
        return new UploadResponse(status, bytes, file, staticUrl, true);
    }

    /** {@return true for a reply, false for a failure} */
    public boolean isSuccess() {
        return status == 200;
    }

    /** {@return 200 for a reply, else the failure status} */
    public int status() {
        return status;
    }

    /** {@return a copy of the reply's bytes, if the reply is bytes (an empty array for {@link #none()})} */
    public Optional<byte[]> replyBytes() {
        return Optional.ofNullable(bytes).map(byte[]::clone);
    }

    /** {@return the reply's file, if the reply is a file} */
    public Optional<Path> replyFile() {
        return Optional.ofNullable(file);
    }

    /** {@return the static reply URL, if the reply is one} */
    public Optional<URI> staticUrl() {
        return Optional.ofNullable(staticUrl);
    }

    /** {@return whether the upload is also committed at its destination} */
    public boolean copyToDestination() {
        return copyToDestination;
    }
}
