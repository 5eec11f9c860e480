/**
 * The immutable tuple store: a persistent hash trie indexed by object#relation and by subject, so a
 * write copies only the path it changes and every reader keeps a consistent snapshot without locks.
 */
package io.castellan.engine.store;
