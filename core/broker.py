"""The embedded default's broker: kombu's folder transport, with atomic delivery.

kombu's own `filesystem://` transport opens the message file in the queue folder and then
writes it. A worker polling that folder can move and read the file in between, finds it empty
and dies with a JSONDecodeError (seen on `make run`). Here a message is written and flushed to
disk in a staging folder beside the queue folder, then renamed into it: a rename is atomic on
one file system, so a reader sees either no file or the whole message.
"""

import os
import tempfile
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

STAGING = ".staging"  # a sibling of the queue folder, so the rename stays on one file system


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Write `payload` beside the queue folder, then rename it into the folder."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        staging = os.path.join(os.path.dirname(os.path.abspath(self.data_folder_out)), STAGING)
        os.makedirs(staging, exist_ok=True)
        try:
            fd, temporary = tempfile.mkstemp(dir=staging, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add message {name!r} to the broker folder") from exc


class Transport(filesystem.Transport):
    Channel = Channel


TRANSPORT = f"{__name__}:Transport"
