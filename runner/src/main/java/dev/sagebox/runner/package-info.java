/** Placeholder so the module compiles. */ package dev.sagebox.runner;
