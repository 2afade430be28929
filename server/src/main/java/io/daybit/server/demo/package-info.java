/** The demo dataset the server generates at start, unless {@code --no-demo}. */
package io.daybit.server.demo;
