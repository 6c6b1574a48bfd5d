// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/**
 * How IIS tells a server application that an upload completed ({@code BITSServerNotificationType}, SDK: BITS IIS Extension Properties,
 * SDK: Notification Protocol for Server Applications; MC-BUP §3.2.1.1 NotificationType).
 */
public enum NotificationType {
    /** {@code 0}: no server application; the upload lands at its destination (MC-BUP §3.3.5.2.4). */
    NONE(0),
    /**
     * {@code 1}: a {@code POST} naming the uploaded file and the reply file in {@code BITS-Request-DataFile-Name} and
     * {@code BITS-Response-DataFile-Name}, with no body (SDK: Notification Protocol for Server Applications, MC-BUP §2.2.12).
     */
    BY_REFERENCE(1),
    /** {@code 2}: a {@code POST} carrying the upload as its body; the response's body is the reply (SDK: Notification Protocol for Server Applications). */
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
