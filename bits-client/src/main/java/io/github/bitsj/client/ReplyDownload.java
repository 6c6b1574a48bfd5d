// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import io.github.bitsj.protocol.ClientFailure;
import io.github.bitsj.protocol.ClientLimits;
import io.github.bitsj.protocol.ClientReactions;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.Decoded;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.ExchangeOutcome.TransportFailed;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.ProtocolError;
import io.github.bitsj.protocol.internal.Ascii;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The reply of an upload-reply job (MC-BUP §1.3.3, §4.2, §3.3.5.2.6): the {@code BITS-Reply-URL} resolved against the upload URL
 * (decision D11), downloaded into the reply file with ranged GETs that resume where the last one stopped and send
 * {@code If-Unmodified-Since}; a reply that changed in between is downloaded again from zero. The state survives
 * failed attempts, so a retry resumes. Not thread-safe.
 */
final class ReplyDownload {
    /** How often a reply that changed between ranges is downloaded again before it counts as a failure. */
    private static final int MAX_RESTARTS = 3;

    /** How a download attempt ended. */
    sealed interface Result {
        /**
         * The reply is complete.
         *
         * @param bytes its size
         */
        record Complete(long bytes) implements Result {}

        /**
         * The attempt failed; a transient failure is retried by the job, resuming.
         *
         * @param failure what failed
         * @param cause the exception behind a transport failure
         */
        record Failed(ClientFailure failure, Optional<Throwable> cause) implements Result {}
    }

    private final Transport transport;
    private final URI origin;
    private final Path file;
    private final JobControl control;
    private final Runnable onProgress;
    private final System.Logger log;
    private boolean started;
    private long have;
    private Optional<String> lastModified = Optional.empty();
    private int restarts;

    ReplyDownload(Transport transport, URI origin, Path file, JobControl control, Runnable onProgress,
            System.Logger log) {
        this.transport = transport;
        this.origin = origin;
        this.file = file;
        this.control = control;
        this.onProgress = onProgress;
        this.log = log;
    }

    /**
     * Downloads the reply, or resumes downloading it.
     *
     * @param replyUrl the final Ack's {@code BITS-Reply-URL}; empty means an empty reply (decision D10)
     * @param withCredentials whether the job sends its credentials (the same job, the same credentials, SDK: Authentication)
     * @throws IOException if the reply file cannot be written (a local failure no retry cures)
     * @throws InterruptedException if the thread is interrupted
     */
    Result run(Optional<String> replyUrl, boolean withCredentials) throws IOException, InterruptedException {
        restarts = 0;
        if (!started) {
            started = true;
            have = 0;
            lastModified = Optional.empty();
            truncate();
        }
        if (replyUrl.isEmpty()) {
            return new Result.Complete(0);
        }
        URI uri;
        try {
            uri = Urls.resolveReply(origin, replyUrl.get());
        } catch (IllegalArgumentException e) {
            return broken(0, HResult.BG_E_INVALID_SERVER_RESPONSE, ProtocolError.Kind.MALFORMED_HEADER,
                    "invalid server response: BITS-Reply-URL cannot be resolved");
        }
        while (!control.isCancelled()) {
            HttpResponse<InputStream> resp;
            try {
                resp = Transport.await(transport.getReply(uri, have, lastModified, withCredentials), control);
            } catch (IOException e) {
                return transportFailed(e);
            }
            try (InputStream in = resp.body()) {
                Optional<Result> r = answer(resp, in);
                if (r.isPresent()) {
                    return r.get();
                }
            }
        }
        return new Result.Failed(new ClientFailure(ClientFailure.NO_STATUS, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), true, "reply download cancelled"), Optional.empty());
    }

    /** One GET's answer: a result, or empty to send the next range. */
    private Optional<Result> answer(HttpResponse<InputStream> resp, InputStream in) throws IOException {
        int status = resp.statusCode();
        resp.headers().firstValue("Last-Modified").ifPresent(v -> lastModified = Optional.of(v));
        if (status == 412 && restarts++ < MAX_RESTARTS) {
            // the reply changed since the first block: start over
            have = 0;
            lastModified = Optional.empty();
            truncate();
            return Optional.empty();
        }
        if (status == 416) {
            // nothing more to read: the reply is empty or complete
            long size = unsatisfiedSize(resp);
            if (size == have || (have == 0 && size < 0)) {
                return Optional.of(new Result.Complete(have));
            }
            return Optional.of(broken(status, HResult.BG_E_INSUFFICIENT_RANGE_SUPPORT, null,
                    "reply download refused the range: HTTP 416"));
        }
        long expectTotal;
        if (status == 206) {
            Optional<String> cr = resp.headers().firstValue("Content-Range");
            Decoded<ContentRange> range = cr.map(ContentRange::parse).orElse(null);
            if (!(range instanceof Decoded.Ok<ContentRange> ok) || ok.value().first() != have) {
                return Optional.of(broken(206, HResult.BG_E_INVALID_SERVER_RESPONSE,
                        ProtocolError.Kind.MALFORMED_HEADER,
                        "invalid server response: reply 206 without a matching Content-Range"));
            }
            expectTotal = ok.value().total();
        } else if (status == 200) {
            if (have != 0) {
                have = 0;
                truncate();
            }
            expectTotal = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        } else {
            return Optional.of(new Result.Failed(ClientFailure.replyDownloadFailed(status), Optional.empty()));
        }
        Optional<IOException> cut = copy(in);
        if (cut.isPresent()) {
            return Optional.of(transportFailed(cut.get()));   // keep what was written; the retry resumes
        }
        onProgress.run();
        if (status == 200 || have >= expectTotal) {
            if (expectTotal >= 0 && have != expectTotal) {
                return Optional.of(broken(status, HResult.BG_E_INVALID_SERVER_RESPONSE,
                        ProtocolError.Kind.INVALID_SERVER_RESPONSE,
                        "invalid server response: reply body shorter than announced"));
            }
            long bytes = have;
            log.log(Level.DEBUG, () -> "event=reply_downloaded bytes=" + bytes);
            return Optional.of(new Result.Complete(have));
        }
        return Optional.empty();
    }

    private static Result broken(int status, HResult code, ProtocolError.Kind kind, String detail) {
        return new Result.Failed(ClientFailure.replyDownloadBroken(status, code, Optional.ofNullable(kind), detail),
                Optional.empty());
    }

    private static Result transportFailed(IOException e) {
        TransportFailed t = new TransportFailed(Transport.kind(e),
                "transport failure downloading the reply: " + Transport.message(e));
        return new Result.Failed(ClientReactions.transportFailure(t, Optional.empty()), Optional.of(e));
    }

    private static long unsatisfiedSize(HttpResponse<?> resp) {
        String v = resp.headers().firstValue("Content-Range").orElse("");
        int slash = v.lastIndexOf('/');
        return slash < 0 ? -1 : Ascii.parseDecimal(v, slash + 1, v.length()); // -1 (Ascii.INVALID) if not digits
    }

    /**
     * Appends the body to the reply file.
     *
     * @return the transport failure that cut the body short, if one did
     * @throws IOException if the reply file cannot be written
     */
    private Optional<IOException> copy(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException e) {
                    return Optional.of(e);
                }
                if (n < 0) {
                    return Optional.empty();
                }
                ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb, have + bb.position());
                }
                have += n;
            }
        }
    }

    private void truncate() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.truncate(0);
        }
    }

    /** GetReplyData's rule (MC-BUP §3.1.2): a reply over 1 MiB belongs in a file. */
    static UploadResult inMemory(UploadResult r, Path replyFile) throws IOException {
        if (r.replyBytes() > ClientLimits.MAX_REPLY_DATA) {
            throw BitsClientException.of(new ClientFailure(ClientFailure.NO_STATUS,
                    Optional.of(HResult.BG_E_TOO_LARGE), Optional.of(ErrorContext.LOCAL_FILE), Optional.empty(),
                    Optional.empty(), false, "the upload completed, but the reply (" + r.replyBytes()
                    + " bytes) exceeds the in-memory limit of 1 MiB; use replyTo(Path)"));
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(replyFile));
        return UploadResult.newBuilder().bytes(r.bytes()).sessionId(r.sessionId()).target(r.target())
                .replyBytes(r.replyBytes()).replyData(data).elapsed(r.elapsed())
                .counts(r.fragments(), r.sessions(), r.retries()).build();
    }
}
