// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.server.UploadDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Serves files to {@code GET} and {@code HEAD} in an upload directory (MC-BUP §3.3.5.2.6): the replies of upload-reply
 * sessions, to their owner only, and, when the directory enables downloads, its committed files (read-only, with the
 * path rules of uploads: {@link Destinations}). Both with single byte ranges, {@code Content-Length} always,
 * {@code Last-Modified}, a strong {@code ETag} and the conditional requests of {@link ByteRanges}. Files are sent as
 * {@code application/octet-stream} with {@code nosniff}, never as active content (SDK: IIS Requirements for BITS Uploads).
 */
final class FileServer {

    private final DirectoryService directory;
    private final Authenticator authenticator;

    FileServer(DirectoryService directory, Authenticator authenticator) {
        this.directory = directory;
        this.authenticator = authenticator;
    }

    /** {@return whether this request is a GET or HEAD of a reply, or of a download where downloads are on} */
    boolean wants(HttpExchange ex) {
        String m = ex.getRequestMethod();
        if (!m.equals("GET") && !m.equals("HEAD")) {
            return false;
        }
        UploadDirectory c = directory.config();
        String path = HttpQuirks.path(ex);
        return c.downloadsEnabled()
                || (path != null && ReplyPaths.isReplyPath(path, c.urlPrefix(), c.sessionDirectoryName()));
    }

    /** Answers the request; never throws (a client that goes away ends the answer). */
    void serve(HttpExchange ex) {
        try {
            answer(ex);
        } catch (IOException e) {
            LogEvent.CLIENT_GONE.log("client", Caller.remote(ex), "error", e.getClass().getSimpleName());
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        Headers request = HttpQuirks.headers(ex);
        HeaderLookup lookup = name -> {
            List<String> v = request.get(name);
            return v == null ? List.of() : v;
        };
        String principal;
        switch (authenticator.authenticate(lookup, AddressLimits.keyOf(ex.getRemoteAddress()))) {
            case Authenticator.Outcome.Challenged c -> {
                for (HeaderField h : c.challenge()) {
                    ex.getResponseHeaders().add(h.name(), h.value());
                }
                empty(ex, 401);
                return;
            }
            case Authenticator.Outcome.Forbidden f -> {
                for (HeaderField h : f.responseHeaders()) {
                    ex.getResponseHeaders().add(h.name(), h.value());
                }
                empty(ex, 403);
                return;
            }
            case Authenticator.Outcome.Throttled t -> {
                ex.getResponseHeaders().add("Retry-After", Long.toString(t.retryAfterSeconds()));
                empty(ex, 503);
                return;
            }
            case Authenticator.Outcome.Accepted a -> {
                principal = a.principal();
                for (HeaderField h : a.responseHeaders()) {   // Negotiate's mutual-authentication reply
                    ex.getResponseHeaders().add(h.name(), h.value());
                }
            }
        }
        UploadDirectory c = directory.config();
        String path = HttpQuirks.path(ex);
        boolean reply = ReplyPaths.isReplyPath(path, c.urlPrefix(), c.sessionDirectoryName());
        Optional<Path> file = reply
                ? ReplyPaths.token(path, c.urlPrefix(), c.sessionDirectoryName())
                        .flatMap(t -> directory.reply(t, principal))
                : download(path);
        FileChannel ch = null;
        BasicFileAttributes a = null;
        try {
            if (file.isPresent()) {
                a = Files.readAttributes(file.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    ch = FileChannel.open(file.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            ch = null; // gone in between (the session closed, the file was replaced): not found
        }
        if (ch == null) {
            empty(ex, 404);
            return;
        }
        try (FileChannel open = ch) {
            long length = open.size();
            long modified = a.lastModifiedTime().to(TimeUnit.SECONDS);
            ByteRanges.Resource r = new ByteRanges.Resource(length, modified, etag(a, length));
            boolean head = ex.getRequestMethod().equals("HEAD");
            Headers h = ex.getResponseHeaders();
            h.set("Last-Modified", ByteRanges.format(modified));
            h.set("ETag", r.etag());
            h.set("Accept-Ranges", "bytes");
            if (reply) {
                h.set("Cache-Control", "private");
            }
            ByteRanges.Answer answer = ByteRanges.decide(head, lookup::values, r);
            (reply ? LogEvent.REPLY_SERVED : LogEvent.DOWNLOAD_SERVED).log("answer", answer.getClass().getSimpleName(),
                    "bytes", length);
            switch (answer) {
                case ByteRanges.Answer.Whole w -> body(ex, open, 200, 0, length, head);
                case ByteRanges.Answer.Part p -> {
                    h.set("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + length);
                    body(ex, open, 206, p.first(), p.last() - p.first() + 1, head);
                }
                case ByteRanges.Answer.NotModified n -> ex.sendResponseHeaders(304, -1);
                case ByteRanges.Answer.PreconditionFailed f -> empty(ex, 412);
                case ByteRanges.Answer.Unsatisfiable u -> {
                    h.set("Content-Range", "bytes */" + length);
                    empty(ex, 416);
                }
            }
        }
    }

    /** A committed file under the storage root, by the rules of an upload's destination. */
    private Optional<Path> download(String rawPath) {
        UploadDirectory c = directory.config();
        Result<Destinations.Destination> d = Destinations.map(c.urlPrefix(), directory.root(),
                c.sessionDirectoryName(), rawPath).then(x -> Destinations.check(directory.root(), x, true));
        if (d instanceof Result.Ok<Destinations.Destination> ok
                && Files.isRegularFile(ok.value().file(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(ok.value().file());
        }
        return Optional.empty();
    }

    /** A strong validator: changes with the file's identity, size or modification time. */
    private static String etag(BasicFileAttributes a, long length) {
        long key = a.fileKey() == null ? 0 : a.fileKey().hashCode();
        return "\"" + Long.toHexString(length) + "-" + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                + "-" + Long.toHexString(key & 0xffffffffL) + "\"";
    }

    private static void body(HttpExchange ex, FileChannel ch, int status, long from, long count, boolean head)
            throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "application/octet-stream");
        h.set("X-Content-Type-Options", "nosniff");
        if (head || count == 0) {
            // no body: -1 (0 would mean chunked, STYLE §1.4 item 2); a HEAD announces the GET's length itself
            h.set("Content-Length", Long.toString(count));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, count);
        try (OutputStream out = ex.getResponseBody()) {
            WritableByteChannel target = Channels.newChannel(out);
            long pos = from;
            long left = count;
            while (left > 0) {
                long n = ch.transferTo(pos, left, target);
                if (n <= 0) {
                    throw new IOException("file shrank while being served");
                }
                pos += n;
                left -= n;
            }
        }
    }

    private static void empty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }
}
