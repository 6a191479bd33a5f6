/**
 * HTTP and WebSocket plumbing shared by the venue adapters, and generic REST and WebSocket sources.
 */
@NullMarked
package dev.balancekit.source.http;

import org.jspecify.annotations.NullMarked;
