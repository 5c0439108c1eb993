/* cvn-tl-arena.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-tl.h"

#define ARENA_ALIGN 8
#define ARENA_FIRST_CHUNK 4096

typedef struct _CvnTlArenaChunk CvnTlArenaChunk;

struct _CvnTlArenaChunk
{
  CvnTlArenaChunk *next;
  gsize            size;
  guint8           data[];
};

struct _CvnTlArena
{
  CvnTlArenaChunk *chunks;  /* newest first */
  guint8          *pos;
  guint8          *end;
  gsize            used;
  gsize            next_size;
};

CvnTlArena *
cvn_tl_arena_new (void)
{
  CvnTlArena *arena = g_new0 (CvnTlArena, 1);

  arena->next_size = ARENA_FIRST_CHUNK;
  return arena;
}

static void
free_chunks (CvnTlArenaChunk *chunk)
{
  while (chunk != NULL)
    {
      CvnTlArenaChunk *next = chunk->next;

      g_free (chunk);
      chunk = next;
    }
}

void
cvn_tl_arena_free (CvnTlArena *arena)
{
  if (arena == NULL)
    return;
  free_chunks (arena->chunks);
  g_free (arena);
}

void
cvn_tl_arena_reset (CvnTlArena *arena)
{
  g_return_if_fail (arena != NULL);

  /* Keep one chunk: if the message needed several, replace them by one chunk as
   * large as all of them, so that reusing the arena for similar messages
   * allocates nothing. */
  if (arena->chunks != NULL && arena->chunks->next != NULL)
    {
      gsize total = 0;

      for (CvnTlArenaChunk *c = arena->chunks; c != NULL; c = c->next)
        total += c->size;
      free_chunks (arena->chunks);
      arena->chunks = g_malloc (sizeof (CvnTlArenaChunk) + total);
      arena->chunks->size = total;
      arena->chunks->next = NULL;
      arena->next_size = MAX (arena->next_size, total);
    }
  if (arena->chunks != NULL)
    {
      arena->pos = arena->chunks->data;
      arena->end = arena->chunks->data + arena->chunks->size;
    }
  arena->used = 0;
}

static gpointer
arena_grow (CvnTlArena *arena,
            gsize       size)
{
  CvnTlArenaChunk *chunk;
  gsize chunk_size = MAX (arena->next_size, size);

  if (arena->next_size < (gsize) 1 << 24)
    arena->next_size *= 2;
  chunk = g_malloc (sizeof (CvnTlArenaChunk) + chunk_size);
  chunk->size = chunk_size;
  chunk->next = arena->chunks;
  arena->chunks = chunk;
  arena->pos = chunk->data + size;
  arena->end = chunk->data + chunk_size;
  return chunk->data;
}

/* Returns uninitialised memory aligned to 8 bytes. */
gpointer
cvn_tl_arena_alloc (CvnTlArena *arena,
                    gsize       size)
{
  guint8 *p;

  size = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);
  arena->used += size;
  if (G_LIKELY ((gsize) (arena->end - arena->pos) >= size))
    {
      p = arena->pos;
      arena->pos += size;
      return p;
    }
  return arena_grow (arena, size);
}

gpointer
cvn_tl_arena_memdup (CvnTlArena   *arena,
                     gconstpointer data,
                     gsize         size)
{
  guint8 *p = cvn_tl_arena_alloc (arena, size + 1);

  if (size > 0)
    memcpy (p, data, size);
  p[size] = 0;
  return p;
}

gsize
cvn_tl_arena_get_used (CvnTlArena *arena)
{
  return arena->used;
}
