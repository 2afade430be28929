/**
 * Tests that use the engine the way an embedding application does: from outside its packages,
 * through the public API only.
 */
package io.daybit.example;
