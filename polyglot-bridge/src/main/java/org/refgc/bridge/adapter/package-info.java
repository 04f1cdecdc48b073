/**
 * The object-model adapter: maps GraalPy objects to core heap handles and describes Python
 * types to core ({@code tp_traverse}, {@code tp_clear}, {@code tp_finalize}, {@code tp_del}).
 *
 * <p>{@link org.refgc.bridge.adapter.ObjectAdapter} is the facade. Identity is {@code id(o)}, a
 * counter GraalPy never reuses (DESIGN.md), kept in a primitive {@code long -> int} map. Each
 * handle's payload is the Python object itself (a {@link org.graalvm.polyglot.Value}), so the heap
 * keeps it alive until the handle is freed. Per Python type there is one
 * {@code PyObjectType}, whose slots call the Python half of the adapter ({@code support.py}).
 */
package org.refgc.bridge.adapter;
