/** Helpers shared by the test suites: finding the CPython 3.12 oracle. */
package org.refgc.testing;
