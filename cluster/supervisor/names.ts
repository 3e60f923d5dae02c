import { createHash, randomInt } from 'node:crypto';

// Kubernetes' "safe" alphabet for generated names (no vowels, no look-alike characters).
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

function encode(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** The ReplicaSet hash of a Deployment's pod template: stable for the same spec, like Kubernetes' pod-template-hash. */
export function templateHash(spec: unknown): string {
  return encode(createHash('sha256').update(JSON.stringify(spec)).digest(), 10);
}

/** A pod name as a ReplicaSet would make it: `<deployment>-<template hash>-<5 random>`. */
export function podName(deployment: string, hash: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `${deployment}-${hash}-${suffix}`;
}
