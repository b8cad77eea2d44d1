/**
 * Leak checking for tests that use packet buffers: {@link org.margay.testkit.buffers.BufferLeakExtension}
 * fails a test that ends with buffers still held, and names where each was allocated.
 */
package org.margay.testkit.buffers;
