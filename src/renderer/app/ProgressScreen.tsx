import { Center, Loader, Progress, Stack, Text } from '@mantine/core';

/** A whole-window wait with words and a bar (the demo import, sealing data stored in the clear). */
export function ProgressScreen({
  text,
  label,
  done,
  total,
}: {
  text: string;
  /** The bar's accessible name. */
  label: string;
  done: number;
  total: number;
}) {
  return (
    <Center h="100vh">
      <Stack align="center" gap="xs" w={360} role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{text}</Text>
        <Progress value={total ? (done / total) * 100 : 0} w="100%" aria-label={label} />
      </Stack>
    </Center>
  );
}
