// SPDX-License-Identifier: Apache-2.0
/** The BITS upload server's public API. */
package io.github.bitsj.server;
