import { DEFAULT_PLAYER_CONFIG, EMBED_PATH, type PlayerConfig } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import fp from 'fastify-plugin';
import { createNanostreamClient, type UpstreamTarget } from '../upstream/client.ts';
import { startEmbeddedUpstream } from '../upstream/embedded.ts';
import { credentialFacts } from '../services/organisation.ts';
import { streamGroupNames } from '../services/stream-groups/group-names.ts';
import { StreamDirectory } from '../services/tokens/stream-directory.ts';

function playerConfig(config: Config, emulatorUrl: string | undefined): PlayerConfig {
  const base: PlayerConfig = emulatorUrl
    ? {
        ...DEFAULT_PLAYER_CONFIG,
        embedUrl: `${emulatorUrl}${EMBED_PATH}`,
        bintuApiUrl: emulatorUrl,
      }
    : DEFAULT_PLAYER_CONFIG;
  const overrides = Object.fromEntries(
    Object.entries(config.playerOverrides).filter(([, v]) => v !== undefined),
  );
  return { ...base, ...overrides };
}

/**
 * `fastify.nanostream`: the one way to nanoStream Cloud. In embedded mode it first starts the
 * emulator in-process and closes it with the app.
 */
async function registerUpstream(app: FastifyInstance) {
  const { config } = app;
  let target: UpstreamTarget;
  let emulatorUrl: string | undefined;
  if (config.upstream.mode === 'embedded') {
    const embedded = await startEmbeddedUpstream(config.dataDir, config.emulatorPort);
    app.addHook('onClose', () => embedded.close());
    emulatorUrl = embedded.url;
    target = {
      tokenApiUrl: embedded.url,
      bintuApiUrl: embedded.url,
      credential: embedded.credential,
    };
  } else {
    target = config.upstream;
  }
  const client = createNanostreamClient(
    target,
    {
      connectTimeoutMs: config.upstreamTimeouts.connectMs,
      responseTimeoutMs: config.upstreamTimeouts.responseMs,
      connections: config.upstreamConnections,
    },
    app.now,
  );
  app.addHook('onClose', () => client.close());
  app.decorate('nanostream', client);
  // One per app: the token list's filter and the batch results share what bintu said.
  app.decorate('streamDirectory', new StreamDirectory(client, app.now, app.log));
  // One cache of groups named one by one: the screens and the token export read the same.
  app.decorate('streamGroupNames', streamGroupNames(client, app.now));
  const facts = credentialFacts(client, app.now, app.log);
  // Asked at start without holding the start up: requests meanwhile wait for the answer, and
  // an upstream that is down now is asked again later (readiness reports it meanwhile).
  void facts.credentialRole();
  app.decorate('credentialRole', facts.credentialRole);
  app.decorate('organisationId', facts.organisationId);
  app.decorate('organisation', facts.organisation);
  app.decorate('upstreamInfo', {
    mode: config.upstream.mode,
    tokenApiUrl: target.tokenApiUrl,
    bintuApiUrl: target.bintuApiUrl,
    player: playerConfig(config, emulatorUrl),
  });
}

export const upstreamPlugin = fp(registerUpstream, { name: 'upstream' });
