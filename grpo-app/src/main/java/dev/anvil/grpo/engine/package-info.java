/**
 * The native engine under every model of the app: loading DJL's PyTorch engine (libtorch) with errors that say what
 * to do when it is missing or already bound to another class loader. The lowest package of the app: the model, the
 * tokenizer and the configuration use it; it uses none of them.
 */
package dev.anvil.grpo.engine;
