// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/**
 * How IIS tells a server application that an upload completed ({@code BITSServerNotificationType}, digest §6.1,
 * §6.5; MC-BUP §3.2.1.1 NotificationType).
 */
public enum NotificationType {
    /** {@code 0}: no server application; the upload lands at its destination (digest §6.4). */
    NONE(0),
    /**
     * {@code 1}: a {@code POST} naming the uploaded file and the reply file in {@code BITS-Request-DataFile-Name} and
     * {@code BITS-Response-DataFile-Name}, with no body (digest §6.5.2, MC-BUP §2.2.12).
     */
    BY_REFERENCE(1),
    /** {@code 2}: a {@code POST} carrying the upload as its body; the response's body is the reply (digest §6.5.3). */
    BY_VALUE(2);

    private final int iisValue;

    NotificationType(int iisValue) {
        this.iisValue = iisValue;
    }

    /** {@return the value of IIS's {@code BITSServerNotificationType} property} */
    public int iisValue() {
        return iisValue;
    }

    /** {@return the command line's spelling: {@code none}, {@code by-reference}, {@code by-value}} */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
