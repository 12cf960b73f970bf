import fastify, { FastifyInstance } from 'fastify';
import { servedMethods } from './unmatched-requests';

describe('servedMethods', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = fastify();
    app.get('/checkouts/:id', () => 'ok');
    app.put('/checkouts/:id', () => 'ok');
    app.post('/checkouts', () => 'ok');
    await app.ready();
  });
  afterAll(() => app.close());

  it('lists the methods served at a concrete path, HEAD with GET', () => {
    expect(servedMethods(app, '/checkouts/abc?x=1')).toEqual(['GET', 'HEAD', 'PUT']);
    expect(servedMethods(app, '/checkouts')).toEqual(['POST']);
  });

  it('is empty for a path no route matches', () => {
    expect(servedMethods(app, '/checkouts/abc/more')).toEqual([]);
    expect(servedMethods(app, '/nothing')).toEqual([]);
  });

  it('adds OPTIONS where a catch-all OPTIONS route (CORS) answers, without making a path known', async () => {
    const cors = fastify();
    cors.options('*', () => '');
    cors.post('/checkouts', () => 'ok');
    await cors.ready();
    expect(servedMethods(cors, '/checkouts')).toEqual(['POST', 'OPTIONS']);
    expect(servedMethods(cors, '/nothing')).toEqual([]);
    await cors.close();
  });
});
