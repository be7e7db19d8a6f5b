import type request from 'supertest';

import { newUserBody } from './http.js';

/** A user as the accounts API answers with it. */
export interface WireUser {
  readonly id: string;
  readonly email: string;
  readonly full_name: string;
  readonly is_active: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface RegisteredUser {
  readonly user: WireUser;
  readonly etag: string;
  /** The `Location` of the new user. */
  readonly url: string;
}

/** Registers a new user named Ada Lovelace (with an e-mail of its own) through the given API version. */
export async function registerUser(api: request.Agent, version: 'v1' | 'v2' = 'v1'): Promise<RegisteredUser> {
  const response = await api.post(`/${version}/accounts/users`).send(newUserBody('Ada Lovelace')).expect(201);
  return { user: response.body as WireUser, etag: response.headers['etag'] as string, url: response.headers['location'] as string };
}
