/**
 * Reads of organizations hosted on another node, answered there, where their state is in memory:
 * which node hosts what (as far as this node has learned), the actor that sends reads and matches
 * their answers, and the actor that answers the reads other nodes send here. Only a read's request
 * and its rendered answer cross the network, never an organization's state.
 */
package io.castellan.server.forwarding;
