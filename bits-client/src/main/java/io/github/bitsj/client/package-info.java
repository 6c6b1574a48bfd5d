// SPDX-License-Identifier: Apache-2.0
/** The BITS upload client's public API. */
package io.github.bitsj.client;
