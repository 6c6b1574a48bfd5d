// SPDX-License-Identifier: Apache-2.0
/**
 * The BITS upload client's public API: {@link io.github.bitsj.client.BitsClient} (built with
 * {@code BitsClient.newBuilder()}), {@link io.github.bitsj.client.UploadJob} (one upload or upload-reply, cancellable
 * from another thread), {@link io.github.bitsj.client.UploadResult}, the policies
 * ({@link io.github.bitsj.client.FragmentPolicy}, {@link io.github.bitsj.client.RetryPolicy}), progress events and
 * {@link io.github.bitsj.client.BitsClientException}.
 *
 * <p>Log events ({@code System.Logger "io.github.bitsj.client"}, message {@code event=name key=value…}):
 * {@code job_started}, {@code session_created}, {@code fragment_resync}, {@code fragment_too_large},
 * {@code session_lost}, {@code transient_error}, {@code host_fallback}, {@code reply_downloaded},
 * {@code empty_file_as_fragment}, {@code session_closed}, {@code close_session_not_found},
 * {@code session_cancelled}, {@code session_cancel_after_failure}, {@code job_cancelled},
 * {@code job_resumed}, {@code job_completed}, {@code job_failed}, {@code state_file_ignored},
 * {@code state_file_not_deleted}. Header values and credentials are never logged.
 */
package io.github.bitsj.client;
